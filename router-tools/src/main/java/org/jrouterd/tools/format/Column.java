package org.jrouterd.tools.format;

/**
 * A column of a qdstat table: its heading and how its cells are formatted (qdstat's {@code Header}).
 *
 * <p>Threads: immutable; any thread.
 *
 * @param heading the text in the heading line
 * @param format how a cell's value becomes text
 */
public record Column(String heading, Format format) {

    /** qdstat's cell formats. */
    public enum Format {
        /** The value as it is ({@code str()}). */
        NONE,
        /** {@code "%d"}. */
        PLAIN_NUM,
        /** 1000-based units. */
        KMG,
        /** 1024-based units. */
        KIMIGI,
        /** Y or N. */
        YN,
        /** Y or nothing. */
        Y,
        /** {@code DDD:HH:MM:SS}. */
        TIME_LONG,
        /** {@code HH:MM:SS} of nanoseconds. */
        TIME_SHORT,
        /** Thousands separated by commas. */
        COMMAS
    }

    /** A column shown as it is. */
    public static Column of(String heading) {
        return new Column(heading, Format.NONE);
    }

    /** A column with a format. */
    public static Column of(String heading, Format format) {
        return new Column(heading, format);
    }

    /** The cell's text: empty for null, {@code ?} when the format does not fit the value. */
    public String cell(Object value) {
        if (value == null) {
            return "";
        }
        try {
            return switch (format) {
                case NONE -> PythonText.str(value);
                case PLAIN_NUM -> CellText.plainNum(value);
                case KMG -> CellText.numKmg(value, 1000);
                case KIMIGI -> CellText.numKmg(value, 1024);
                case YN -> PythonText.truthy(value) ? "Y" : "N";
                case Y -> PythonText.truthy(value) ? "Y" : "";
                case TIME_LONG -> CellText.timeLong(value);
                case TIME_SHORT -> CellText.timeShort(value);
                case COMMAS -> CellText.commas(value);
            };
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
