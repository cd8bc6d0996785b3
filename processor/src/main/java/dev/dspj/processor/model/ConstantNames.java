package dev.dspj.processor.model;

import java.util.Locale;

/** The names of the constants generated for fields and variables: {@code zipCode} → {@code ZIP_CODE}. */
public final class ConstantNames {

    private ConstantNames() {}

    /**
     * The constant's name: upper case, with an underscore before each upper-case letter that
     * follows a lower-case letter or digit.
     *
     * @param name a field or variable name
     * @return the constant's name
     */
    public static String of(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)
                    && i > 0
                    && !Character.isUpperCase(name.charAt(i - 1))
                    && name.charAt(i - 1) != '_') {
                out.append('_');
            }
            out.append(Character.toUpperCase(c));
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }
}
