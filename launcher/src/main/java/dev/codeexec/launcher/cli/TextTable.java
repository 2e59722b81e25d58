package dev.codeexec.launcher.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with a header, columns padded to their widest cell. */
final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    TextTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "-" : oneLine(cell.toString()));
        }
        rows.add(row);
        return this;
    }

    String render() {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, header, widths);
        List<String> rule = new ArrayList<>();
        for (int w : widths) {
            rule.add("-".repeat(w));
        }
        line(text, rule, widths);
        rows.forEach(row -> line(text, row, widths));
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            line.append(c == 0 ? "" : "  ").append(String.format("%-" + widths[c] + "s", cells.get(c)));
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    /** Cells stay on one line: a detail with line breaks is shown up to its first, cut at 80 characters. */
    private static String oneLine(String s) {
        String first = s.strip().lines().findFirst().orElse("");
        String cut = first.length() > 80 ? first.substring(0, 77) + "..." : first;
        return s.strip().lines().count() > 1 && cut.length() == first.length() ? cut + " ..." : cut;
    }
}
