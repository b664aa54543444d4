package org.jrouterd.tools.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** qdstat's number formats, with values worked out in Python 3.11. */
class CellTextTest {

    @Test
    void timeLongShowsDaysHoursMinutesSeconds() {
        assertThat(CellText.timeLong(0L)).isEqualTo("000:00:00:00");
        assertThat(CellText.timeLong(90061L)).isEqualTo("001:01:01:01");
        assertThat(CellText.timeLong(1234L * 86400)).isEqualTo("1234:00:00:00");
    }

    @Test
    void timeShortIsTheUtcTimeOfDayOfNanoseconds() {
        assertThat(CellText.timeShort(65_000_000_000L)).isEqualTo("00:01:05");
    }

    @Test
    void numKmgScalesWithTwoOneOrNoDecimals() {
        assertThat(CellText.numKmg(999L, 1000)).isEqualTo("999");
        assertThat(CellText.numKmg(1500L, 1000)).isEqualTo("1.50 k");
        assertThat(CellText.numKmg(12_345_678L, 1000)).isEqualTo("12.3 m");
        assertThat(CellText.numKmg(123_456_789L, 1024)).isEqualTo("118 MiB");
        assertThat(CellText.numKmg(1125L, 1000)).isEqualTo("1.12 k");
    }

    @Test
    void commasGroupThousands() {
        assertThat(CellText.commas("1234567")).isEqualTo("1,234,567");
        assertThat(CellText.commas("123")).isEqualTo("123");
        assertThat(CellText.commas(1000L)).isEqualTo("1,000");
    }

    @Test
    void plainNumPrintsWholeNumbersAndOtherwiseStr() {
        assertThat(CellText.plainNum(5L)).isEqualTo("5");
        assertThat(CellText.plainNum(Boolean.TRUE)).isEqualTo("1");
        assertThat(CellText.plainNum(2.9)).isEqualTo("2");
        assertThat(CellText.plainNum(null)).isEqualTo("None");
        assertThat(CellText.plainNum(new BigInteger("18446744073709551615"))).isEqualTo("18446744073709551615");
    }

    @Test
    void reprOfListsIsPythons() {
        assertThat(PythonText.repr(List.of("A", "B's"))).isEqualTo("['A', \"B's\"]");
        assertThat(PythonText.str(Boolean.FALSE)).isEqualTo("False");
    }
}
