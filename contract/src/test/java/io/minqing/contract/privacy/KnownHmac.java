package io.minqing.contract.privacy;

/** Reference value from openssl (see PrivacyTest#knownHmacValue), kept apart so it reads as data. */
final class KnownHmac {
    /** First 16 hex digits of 9cbd0a651200af7fcacaaed56a10c18c53a58c43b8a99dbcada9755c315fdb24. */
    static final String EXPECTED_PREFIX = "9cbd0a651200af7f";

    private KnownHmac() {
    }
}
