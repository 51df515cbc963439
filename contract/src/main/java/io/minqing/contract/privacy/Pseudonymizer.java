package io.minqing.contract.privacy;

import io.minqing.contract.Errors;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms for residents and handlers: {@code prefix + first 16 hex digits of HMAC-SHA256(key, value)}.
 * The same person (same normalised phone number or name) gets the same key across files and runs, so repeat
 * requests can be counted, but the raw value cannot be recovered without the key.
 *
 * <p>Normalisation: NFKC (full-width digits become ASCII), blanks and dashes removed, lower case, and a
 * leading +86 / 0086 country code dropped from phone numbers.
 */
public final class Pseudonymizer {

    /** Environment variable holding the key. */
    public static final String KEY_ENV = "MINQING_PSEUDONYM_KEY";
    /** Configuration key holding the key. */
    public static final String KEY_CONFIG = "privacy.pseudonym-key";
    /** The key used for the generated sample district only; it protects nothing and says so. */
    public static final String DEMO_KEY = "minqing-demo-key-not-secret";

    private static final java.util.regex.Pattern STRIP = java.util.regex.Pattern.compile("[\\s\\-–—()（）]");
    private static final java.util.regex.Pattern COUNTRY_CODE = java.util.regex.Pattern.compile("(\\+86|0086)1\\d{10}");

    private final byte[] key;
    /** One initialised MAC per thread: looking up the provider for every value was the slowest part of ingest's mapping. */
    private final ThreadLocal<Mac> macs = new ThreadLocal<>();

    public Pseudonymizer(String key) {
        if (key == null || key.isBlank()) {
            throw Errors.missingPseudonymKey(KEY_ENV, KEY_CONFIG);
        }
        if (key.length() < 16) {
            throw Errors.weakPseudonymKey(KEY_CONFIG);
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /** The key from config or the environment; the demo key only when {@code demo} is set. */
    public static Pseudonymizer resolve(String configured, boolean demo) {
        String k = configured != null && !configured.isBlank() ? configured : System.getenv(KEY_ENV);
        if ((k == null || k.isBlank()) && demo) {
            k = DEMO_KEY;
        }
        return new Pseudonymizer(k);
    }

    /** Pseudonym of {@code raw} with a type prefix (r_ for residents, h_ for handlers); null stays null. */
    public String pseudonym(String prefix, String raw) {
        String n = normalise(raw);
        if (n == null) {
            return null;
        }
        try {
            byte[] h = mac().doFinal(n.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(h, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private Mac mac() throws GeneralSecurityException {
        Mac m = macs.get();
        if (m == null) {
            m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            macs.set(m);
        }
        return m;
    }

    /** ASCII without any character {@link #STRIP} removes (blanks, '-', parentheses): the usual phone number. */
    private static boolean plainAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= 0x80 || c <= ' ' || c == '-' || c == '(' || c == ')') {
                return false;
            }
        }
        return true;
    }

    static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        if (plainAscii(raw)) {
            // NFKC leaves ASCII as it is and there is nothing to strip: only the case and the country code remain
            String s = raw.toLowerCase(Locale.ROOT);
            if (s.length() > 11 && COUNTRY_CODE.matcher(s).matches()) {
                s = s.substring(s.length() - 11);
            }
            return s.isEmpty() ? null : s;
        }
        String s = STRIP.matcher(Normalizer.normalize(raw, Normalizer.Form.NFKC)).replaceAll("").toLowerCase(Locale.ROOT);
        if (COUNTRY_CODE.matcher(s).matches()) {
            s = s.substring(s.length() - 11);
        }
        return s.isEmpty() ? null : s;
    }
}
