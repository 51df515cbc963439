package io.minqing.contract.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.MinqingException;
import org.junit.jupiter.api.Test;

class PrivacyTest {

    @Test
    void masksMobileIdAndLandlineNumbers() {
        assertEquals("请联系138****5678张先生", PiiMasker.mask("请联系13812345678张先生"));
        assertEquals("电话 139****0000。", PiiMasker.mask("电话 +86 139-1234-0000。"));
        assertEquals("身份证340402********123X办理", PiiMasker.mask("身份证34040219900101123X办理"));
        assertEquals("座机0554-****567", PiiMasker.mask("座机0554-1234567"));
        // Not personal numbers: a 20-digit order number, a year, an amount, a building number.
        assertEquals("订单12345678901234567890", PiiMasker.mask("订单12345678901234567890"));
        assertEquals("2021年9月 5栋302室 花费1380元", PiiMasker.mask("2021年9月 5栋302室 花费1380元"));
        assertNull(PiiMasker.mask(null));
    }

    @Test
    void masksTheFormsPeopleWrite() {
        // expected strings written by hand: first 3 and last 4 digits of a mobile, first 6 and last 4 (3) of an ID
        assertEquals("打138****5678", PiiMasker.mask("打１３８１２３４５６７８"));               // full-width digits
        assertEquals("打138****5678。", PiiMasker.mask("打１３８－１２３４－５６７８。"));         // full-width dashes
        assertEquals("a 138****5678 b", PiiMasker.mask("a 138-1234-5678 b"));
        assertEquals("a 138****5678 b", PiiMasker.mask("a 138 1234 5678 b"));
        assertEquals("a 138****5678 b", PiiMasker.mask("a 138.1234.5678 b"));
        assertEquals("a 138****5678 b", PiiMasker.mask("a 1381 234 5678 b"));
        assertEquals("a 138****5678 b", PiiMasker.mask("a +86 138 1234 5678 b"));
        assertEquals("a 138****5678 b", PiiMasker.mask("a +8613812345678 b"));
        assertEquals("a 138****5678 b", PiiMasker.mask("a 008613812345678 b"));
        assertEquals("a 138****5678 b", PiiMasker.mask("a (+86)138-1234-5678 b"));
        assertEquals("a 138****5678 b", PiiMasker.mask("a 138\u30001234\u30005678 b"));   // ideographic space
        assertEquals("号340402******123。", PiiMasker.mask("号340402900101123。"));              // 15-digit, 1990-01-01
        assertEquals("号340402********123X", PiiMasker.mask("号３４０４０２１９９００１０１１２３Ｘ"));
        assertEquals("号340402********1234", PiiMasker.mask("号340402 19900101 1234"));
        assertEquals("座机0554-****567", PiiMasker.mask("座机(0554)1234567"));
        assertEquals("座机0554-****567", PiiMasker.mask("座机（０５５４）１２３４５６７"));
        assertEquals("座机0554-****567", PiiMasker.mask("座机0554 123 4567"));
        assertEquals("座机010-****678", PiiMasker.mask("座机010-12345678"));
        assertEquals("邮箱z***@example.com。", PiiMasker.mask("邮箱zhang.san@example.com。"));
        assertEquals("邮箱z***@example.com", PiiMasker.mask("邮箱ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ"));
        // not personal: a 15-digit run whose middle is no date, an amount, a date, a time span
        assertEquals("单号123456991399123", PiiMasker.mask("单号123456991399123"));
        assertEquals("2021-08-01 10:00至13:00 花费1380.50元", PiiMasker.mask("2021-08-01 10:00至13:00 花费1380.50元"));
        assertTrue(PiiMasker.containsPii("１３８１２３４５６７８"));
        assertFalse(PiiMasker.containsPii(PiiMasker.mask("１３８１２３４５６７８ a@b.cn 340402900101123")));
    }

    @Test
    void shortestMaskableNumberStillMaskedAfterThePrefilter() {
        // 9 digits in all: 055 + 123 + 456 — the landline pattern's minimum, so the shortcut must not skip it.
        assertEquals("电话055-****456", PiiMasker.mask("电话055-123456"));
        assertTrue(PiiMasker.containsPii("电话055-123456"));
        // 8 digits cannot be any of the patterns.
        assertEquals("门牌12345678号", PiiMasker.mask("门牌12345678号"));
    }

    @Test
    void prefilterPassesDatesAndShortNumbersButNeverAMaskableNumber() {
        // timestamps are groups 4,2,2,2 (then ':' ends the chain): no sub-run of 11 or 13 digits, no 17/18, no 3|4 + 6..8
        assertFalse(PiiMasker.mayContainPii("2021-08-01 10:00:00,2021-08-02 09:30:00,A01"));
        assertFalse(PiiMasker.mayContainPii("5栋302室 花费1380元 订单12345678901234567890"));
        // each shape the patterns need
        assertTrue(PiiMasker.mayContainPii("+86 139-1234-0000"));   // 2,3,4,4: 3+4+4 = 11
        assertTrue(PiiMasker.mayContainPii("8613912340000"));       // 13 with the country code run in
        assertTrue(PiiMasker.mayContainPii("34040219900101123X"));  // 17 then X
        assertTrue(PiiMasker.mayContainPii("0554 1234567"));        // 4 then 7
        // the property, against the regular expressions as the reference: random strings of digits, separators and
        // letters; whenever the prefilter says "cannot match", the patterns must indeed change nothing.
        java.util.Random rnd = new java.util.Random(7);
        String alphabet = "0123456789012345678901234567890123456789 --+Xx:a中\t.()１－@";
        int skipped = 0;
        for (int t = 0; t < 200_000; t++) {
            StringBuilder b = new StringBuilder();
            int len = 5 + rnd.nextInt(30);
            for (int i = 0; i < len; i++) {
                b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String s = b.toString();
            if (!PiiMasker.mayContainPii(s)) {
                skipped++;
                assertEquals(s, PiiMasker.maskWithPatterns(s), "prefilter skipped a maskable string: " + s);
            }
        }
        // the property is only meaningful if both branches were exercised
        assertTrue(skipped > 10_000 && skipped < 190_000, "skipped " + skipped);
    }

    @Test
    void detectsWhatItWouldMask() {
        assertTrue(PiiMasker.containsPii("打13812345678"));
        assertFalse(PiiMasker.containsPii(PiiMasker.mask("打13812345678 身份证340402199001011234")));
    }

    @Test
    void samePersonSamePseudonymWhateverTheFormatting() {
        Pseudonymizer p = new Pseudonymizer("a-key-of-sufficient-length");
        String k = p.pseudonym("r_", "13812345678");
        assertTrue(k.matches("r_[0-9a-f]{16}"), k);
        assertEquals(k, p.pseudonym("r_", "138 1234 5678"));
        assertEquals(k, p.pseudonym("r_", "+86-138-1234-5678"));
        assertEquals(k, p.pseudonym("r_", "１３８１２３４５６７８")); // full-width digits
        assertNotEquals(k, p.pseudonym("r_", "13812345679"));
        assertNotEquals(k, new Pseudonymizer("another-key-of-sufficient-length").pseudonym("r_", "13812345678"));
        assertNull(p.pseudonym("r_", "  "));
    }

    @Test
    void knownHmacValue() {
        // HMAC-SHA256(key="key-for-the-known-value", "13812345678"), first 8 bytes, computed with
        // `printf 13812345678 | openssl dgst -sha256 -hmac key-for-the-known-value`.
        assertEquals("r_" + KnownHmac.EXPECTED_PREFIX, new Pseudonymizer("key-for-the-known-value").pseudonym("r_", "13812345678"));
    }

    @Test
    void missingKeyOutsideTheDemoIsAClearError() {
        MinqingException e = assertThrows(MinqingException.class, () -> new Pseudonymizer(null));
        assertTrue(e.getMessage().startsWith("No pseudonymisation key: set the environment variable MINQING_PSEUDONYM_KEY"), e.getMessage());
        assertThrows(MinqingException.class, () -> new Pseudonymizer("short"));
    }
}
