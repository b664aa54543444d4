package org.jrouterd.tools.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.jrouterd.tools.format.Column.Format;
import org.junit.jupiter.api.Test;

/** qdstat's two table layouts, against text the real qdstat 1.19 printed. */
class TablePrinterTest {

    private static String print(boolean csv, String title, List<Column> columns, List<List<Object>> rows) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        new TablePrinter(out, csv).table(title, columns, rows);
        out.flush();
        return text.toString();
    }

    private static final List<Column> ADDRESS_COLUMNS = List.of(Column.of("class"), Column.of("addr"),
            Column.of("phs"), Column.of("distrib"), Column.of("pri"), Column.of("local", Format.COMMAS),
            Column.of("remote", Format.COMMAS), Column.of("in", Format.COMMAS), Column.of("out", Format.COMMAS),
            Column.of("thru", Format.COMMAS), Column.of("fallback", Format.COMMAS));

    private static final List<List<Object>> ADDRESS_ROWS = List.of(
            Arrays.asList("mobile", "$management", "0", "closest", "-", "1", "0", "2", "0", "0", "0"),
            Arrays.asList("local", "$management", "", "closest", "-", "0", "0", "0", "0", "0", "0"),
            Arrays.asList("local", "temp.m7obnggkpg9l", "", "balanced", "-", "1", "0", "0", "0", "0", "1234"));

    @Test
    void alignsColumnsUnderHeadingsAndARuleAsQdstatDoes() {
        // qdstat -a against a standalone router (the last fallback value changed to show the commas).
        assertThat(print(false, "Router Addresses", ADDRESS_COLUMNS, ADDRESS_ROWS)).isEqualTo("""
                Router Addresses
                  class   addr               phs  distrib   pri  local  remote  in  out  thru  fallback
                  =======================================================================================
                  mobile  $management        0    closest   -    1      0       2   0    0     0
                  local   $management             closest   -    0      0       0   0    0     0
                  local   temp.m7obnggkpg9l       balanced  -    1      0       0   0    0     1,234
                """);
    }

    @Test
    void writesCsvWithEveryNonEmptyFieldQuoted() {
        assertThat(print(true, "Router Addresses", ADDRESS_COLUMNS, ADDRESS_ROWS.subList(1, 2))).isEqualTo("""
                Router Addresses
                "class","addr","phs","distrib","pri","local","remote","in","out","thru","fallback"
                "local","$management",,"closest","-","0","0","0","0","0","0"
                """);
    }

    @Test
    void printsOnlyTheTitleOfAnEmptyTable() {
        assertThat(print(false, "Connections", List.of(Column.of("id")), List.of())).isEqualTo("Connections\n");
    }

    @Test
    void showsNullAsEmptyAndQuotesInCsvDoubled() {
        assertThat(print(true, "T", List.of(Column.of("a"), Column.of("b", Format.PLAIN_NUM)),
                List.of(Arrays.asList("say \"hi\"", null)))).isEqualTo("T\n\"a\",\"b\"\n\"say \"\"hi\"\"\",\n");
    }

    @Test
    void countsCodePointsForWidths() {
        assertThat(print(false, "T", List.of(Column.of("a"), Column.of("b")), List.of(Arrays.asList("é😀", "x"))))
                .isEqualTo("T\n  a   b\n  =======\n  é😀  x\n");
    }
}
