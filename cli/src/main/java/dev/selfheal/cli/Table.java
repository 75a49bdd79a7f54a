package dev.selfheal.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain text table in kubectl's style: upper-case headers, columns padded with three spaces, no borders. */
public final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param headers the column headers */
    public Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    /** Adds a row; null cells print as {@code <none>}. */
    public Table row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells for " + headers.size() + " columns");
        }
        rows.add(cells.stream().map(c -> c == null || c.isEmpty() ? "<none>" : c).toList());
        return this;
    }

    /** The table as text, one line per row, each ending with a newline. */
    public String render() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers.stream().map(String::toUpperCase).toList(), width);
        rows.forEach(r -> line(out, r, width));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            l.append(cells.get(i));
            if (i < cells.size() - 1) {
                l.append(" ".repeat(width[i] - cells.get(i).length() + 3));
            }
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }
}
