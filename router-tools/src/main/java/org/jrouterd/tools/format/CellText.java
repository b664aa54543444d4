package org.jrouterd.tools.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * qdstat's number formats: {@code PlainNum} ({@code "%d"}, else {@code str()}), {@code TimeLong}
 * ({@code DDD:HH:MM:SS}), {@code TimeShort} (time of day, UTC, of nanoseconds since the epoch), {@code NumKMG}
 * ({@code 1.50 k}, {@code 2.00 MiB}) and {@code Commas} ({@code 1,234,567}).
 *
 * <p>Threads: stateless; any thread.
 */
public final class CellText {

    private static final DateTimeFormatter TIME_OF_DAY =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private CellText() {
    }

    /** {@code PlainNum(value)}: {@code "%d" % value}, or {@code "%s" % value} when that fails. */
    public static String plainNum(Object value) {
        BigInteger n = PythonText.asInteger(value);
        return n != null ? n.toString() : PythonText.str(value);
    }

    /**
     * {@code TimeLong(seconds)}: days (three digits at least), hours, minutes and seconds.
     *
     * @throws IllegalArgumentException for a value that is not a number (Python: TypeError)
     */
    public static String timeLong(Object seconds) {
        BigInteger value = requireNumber(seconds, "TimeLong");
        BigInteger day = BigInteger.valueOf(24 * 3600);
        BigInteger[] dayAndRest = value.divideAndRemainder(day);
        long rest = dayAndRest[1].longValue();
        if (rest < 0) {
            // Python's // and % round towards negative infinity.
            rest += 24 * 3600;
            dayAndRest[0] = dayAndRest[0].subtract(BigInteger.ONE);
        }
        return String.format("%03d:%02d:%02d:%02d", dayAndRest[0], rest / 3600, rest % 3600 / 60, rest % 60);
    }

    /** {@code TimeShort(nanoseconds)}: the UTC time of day, {@code HH:MM:SS}. */
    public static String timeShort(Object nanoseconds) {
        BigInteger ns = requireNumber(nanoseconds, "TimeShort");
        long seconds = ns.divide(BigInteger.valueOf(1_000_000_000L)).longValue();
        return TIME_OF_DAY.format(Instant.ofEpochSecond(seconds));
    }

    /** {@code NumKMG(value, base)}: below the base as a whole number, else scaled with a suffix. */
    public static String numKmg(Object value, int base) {
        Double v = PythonText.asDouble(value);
        if (v == null) {
            throw new IllegalArgumentException("NumKMG of " + PythonText.repr(value));
        }
        String[] suffixes = base == 1024 ? new String[] {"KiB", "MiB", "GiB", "TiB", "PiB"}
                : new String[] {"k", "m", "g", "t", "p"};
        if (v < base) {
            return plainNum(value);
        }
        double scaled = v;
        for (String suffix : suffixes) {
            scaled /= base;
            if (scaled < base) {
                return numCell(scaled, suffix);
            }
        }
        return numCell(scaled, suffixes[suffixes.length - 1]);
    }

    private static String numCell(double value, String suffix) {
        int digits = value < 10.0 ? 2 : value < 100.0 ? 1 : 0;
        // C's printf rounds the exact binary value half to even; so does BigDecimal of the double.
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString() + " " + suffix;
    }

    /** {@code Commas(value)}: {@code str(value)} with a comma before every group of three from the right. */
    public static String commas(Object value) {
        String s = PythonText.str(value);
        StringBuilder result = new StringBuilder();
        while (!s.isEmpty()) {
            int cut = Math.max(0, s.length() - 3);
            String left = s.substring(0, cut);
            result.insert(0, s.substring(cut));
            if (!left.isEmpty()) {
                result.insert(0, ',');
            }
            s = left;
        }
        return result.toString();
    }

    private static BigInteger requireNumber(Object value, String what) {
        BigInteger n = PythonText.asInteger(value);
        if (n == null) {
            throw new IllegalArgumentException(what + " of " + PythonText.repr(value));
        }
        return n;
    }
}
