package org.jrouterd.tools.format;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints qdstat's tables (its {@code Display} with prefix two spaces and spacing two): the title, then either
 * aligned columns under a line of {@code =}, or CSV with every non-empty field in double quotes. Widths count code
 * points, as Python's {@code len} does.
 *
 * <p>Threads: confined to the thread that prints; holds only the writer.
 */
public final class TablePrinter {

    private static final String PREFIX = "  ";
    private static final int SPACING = 2;

    private final PrintWriter out;
    private final boolean csv;

    /**
     * @param out where lines go (each ends with {@code \n})
     * @param csv CSV instead of aligned columns
     */
    public TablePrinter(PrintWriter out, boolean csv) {
        this.out = out;
        this.csv = csv;
    }

    /** Prints a title, then the rows' cells formatted by their columns. */
    public void table(String title, List<Column> columns, List<? extends List<?>> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (List<?> row : rows) {
            List<String> line = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                line.add(columns.get(i).cell(row.get(i)));
            }
            while (line.size() < columns.size()) {
                line.add("");
            }
            cells.add(line);
        }
        List<String> headings = columns.stream().map(Column::heading).toList();
        if (csv) {
            csv(title, headings, cells);
        } else {
            aligned(title, headings, cells);
        }
    }

    private void aligned(String title, List<String> headings, List<List<String>> rows) {
        line(title);
        if (rows.isEmpty()) {
            return;
        }
        int[] widths = new int[headings.size()];
        StringBuilder head = new StringBuilder(PREFIX);
        for (int col = 0; col < headings.size(); col++) {
            int width = length(headings.get(col));
            for (List<String> row : rows) {
                width = Math.max(width, length(row.get(col)));
            }
            widths[col] = width + SPACING;
            head.append(headings.get(col));
            if (col < headings.size() - 1) {
                head.append(" ".repeat(widths[col] - length(headings.get(col))));
            }
        }
        line(head.toString());
        StringBuilder rule = new StringBuilder(PREFIX);
        for (int width : widths) {
            rule.append("=".repeat(width));
        }
        line(rule.toString());
        for (List<String> row : rows) {
            StringBuilder text = new StringBuilder(PREFIX);
            for (int col = 0; col < widths.length; col++) {
                String cell = row.get(col);
                text.append(cell);
                if (col < widths.length - 1) {
                    text.append(" ".repeat(Math.max(0, widths[col] - length(cell))));
                }
            }
            line(text.toString());
        }
    }

    private void csv(String title, List<String> headings, List<List<String>> rows) {
        line(title);
        if (rows.isEmpty()) {
            return;
        }
        line(csvLine(headings));
        for (List<String> row : rows) {
            line(csvLine(row));
        }
    }

    private static String csvLine(List<String> fields) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            text.append(i == 0 ? "" : ",");
            if (!field.isEmpty()) {
                text.append('"').append(field.replace("\"", "\"\"")).append('"');
            }
        }
        return text.toString();
    }

    private void line(String text) {
        out.print(text);
        out.print('\n');
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
