package io.minqing.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** An enumeration whose values are stored as lower-case codes and shown with a Chinese label. */
public interface Coded {

    /** The stored value, e.g. {@code wechat_group}. */
    default String code() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /** The Chinese label, e.g. 微信群. */
    String zh();

    static List<String> codesOf(Class<? extends Coded> type) {
        return Arrays.stream(type.getEnumConstants()).map(Coded::code).toList();
    }

    /** The constant whose code equals {@code code}, ignoring case and surrounding blanks. */
    static <E extends Enum<E> & Coded> Optional<E> fromCode(Class<E> type, String code) {
        if (code == null) {
            return Optional.empty();
        }
        String c = code.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.code().equals(c)).findFirst();
    }
}
