package io.minqing.ingest;

import io.minqing.contract.Errors;
import io.minqing.contract.Lake;
import io.minqing.contract.Settings;
import io.minqing.contract.privacy.Pseudonymizer;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Everything one ingest run needs, resolved once (command line &gt; environment &gt; config file &gt; profile &gt;
 * default) and validated here.
 *
 * @param inputs          files or folders (local paths or Hadoop URIs)
 * @param profile         the column-mapping profile
 * @param lake            the lake root
 * @param encoding        forced CSV encoding, or null to detect
 * @param sheet           the only XLSX sheet to read, or null for every sheet
 * @param rejectThreshold largest share of a file's rows that may be rejected (duplicates not counted)
 * @param asOf            last plausible date for event times (default: today)
 * @param pseudonymKey    the resolved HMAC key (never logged)
 * @param replaceSource   delete this source's staged files in months the run does not produce
 * @param splitBytes      CSV files larger than this are read in ranges of about this size, in parallel
 */
public record IngestConfig(List<String> inputs, Profile profile, Lake lake, String encoding, String sheet,
                           double rejectThreshold, LocalDate asOf, String pseudonymKey, boolean replaceSource,
                           long splitBytes) {

    public static final String KEY_THRESHOLD = "ingest.reject-threshold";
    public static final String KEY_AS_OF = "ingest.as-of";
    public static final String KEY_ENCODING = "ingest.encoding";
    public static final String KEY_SPLIT_MB = "ingest.split-mb";
    /** Earliest plausible date of an event time (default: the profile's earliest-valid, else 2000-01-01). */
    public static final String KEY_EARLIEST_DATE = "ingest.earliest-date";
    public static final double DEFAULT_THRESHOLD = 0.05;
    public static final int DEFAULT_SPLIT_MB = 64;

    @Override
    public String toString() {
        return "IngestConfig[inputs=" + inputs + ", profile=" + profile.name() + ", lake=" + lake.root() + ", encoding="
                + encoding + ", sheet=" + sheet + ", rejectThreshold=" + rejectThreshold + ", asOf=" + asOf + ", splitBytes=" + splitBytes + "]";
    }

    /**
     * Resolves a configuration.
     *
     * @param settings command line / environment / config file values (keys ingest.*, privacy.pseudonym-key)
     * @param demo     --demo given: the built-in demo key is allowed even if the profile does not say demo
     */
    public static IngestConfig resolve(List<String> inputs, String profileNameOrFile, Lake lake, String sheet,
                                       Settings settings, boolean demo, boolean replaceSource) {
        Profile profile = Profile.load(profileNameOrFile);
        String enc = settings.get(KEY_ENCODING).orElse(null);
        if (enc != null) {
            try {
                Charset.forName(enc.trim());
            } catch (IllegalArgumentException e) {
                throw IngestErrors.badEncoding(enc);
            }
        }
        double threshold = settings.get(KEY_THRESHOLD).isPresent()
                ? settings.fraction(KEY_THRESHOLD, DEFAULT_THRESHOLD)
                : profile.rejectThreshold() != null ? profile.rejectThreshold() : DEFAULT_THRESHOLD;
        LocalDate asOf;
        String a = settings.get(KEY_AS_OF).orElse(null);
        try {
            asOf = a == null ? LocalDate.now(io.minqing.contract.Contract.DISTRICT_ZONE) : LocalDate.parse(a.trim());
        } catch (DateTimeParseException e) {
            throw IngestErrors.badAsOf(a);
        }
        String earliest = settings.get(KEY_EARLIEST_DATE).orElse(null);
        if (earliest != null) {
            try {
                profile = profile.withEarliestValid(LocalDate.parse(earliest.trim()));
            } catch (DateTimeParseException e) {
                throw IngestErrors.badEarliestDate(KEY_EARLIEST_DATE, earliest);
            }
        }
        String key = settings.get(Pseudonymizer.KEY_CONFIG).orElse(System.getenv(Pseudonymizer.KEY_ENV));
        if ((key == null || key.isBlank()) && (demo || profile.demo())) {
            key = Pseudonymizer.DEMO_KEY;
        }
        if (key == null || key.isBlank()) {
            throw Errors.missingPseudonymKey(Pseudonymizer.KEY_ENV, Pseudonymizer.KEY_CONFIG);
        }
        new Pseudonymizer(key);
        long splitBytes = Math.max(1L << 16, (long) (settings.positiveDouble(KEY_SPLIT_MB, DEFAULT_SPLIT_MB, "MiB") * (1 << 20)));
        return new IngestConfig(List.copyOf(inputs), profile, lake, enc, sheet, threshold, asOf, key, replaceSource,
                splitBytes);
    }

    /** The same run reading CSV in ranges of {@code bytes} (tests cut small files this way). */
    public IngestConfig withSplitBytes(long bytes) {
        return new IngestConfig(inputs, profile, lake, encoding, sheet, rejectThreshold, asOf, pseudonymKey, replaceSource,
                bytes);
    }
}
