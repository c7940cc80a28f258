package dev.mlops.core.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Data by column, as drift compares it: each value a number ({@link Double}) or a text ({@link String}); missing
 * values (empty CSV fields, JSON {@code null}, NaN) are left out of their column, as Evidently drops them.
 */
final class Table {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<Object>> columns = new LinkedHashMap<>();
    private long rows;

    /** @return the columns in the order first seen, each with its values */
    Map<String, List<Object>> columns() {
        return columns;
    }

    /** @return the rows read */
    long rows() {
        return rows;
    }

    void addColumn(String name) {
        columns.computeIfAbsent(name, key -> new ArrayList<>());
    }

    void add(String column, Object value) {
        if (value != null) {
            columns.computeIfAbsent(column, key -> new ArrayList<>()).add(value);
        }
    }

    void countRows(long more) {
        rows += more;
    }

    /**
     * Reads reference data: a CSV file whose first line names the columns (RFC 4180: fields may be quoted, quotes
     * doubled inside), or a JSON Lines file of objects.
     *
     * @throws IOException when the file cannot be read or is not what its name says, naming the line
     */
    static Table read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") ? csv(file) : jsonLines(file);
    }

    private static Table csv(Path file) throws IOException {
        Table table = new Table();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = null;
            int line = 0;
            for (List<String> record; (record = record(reader)) != null; ) {
                line++;
                if (header == null) {
                    header = record;
                    if (header.isEmpty() || header.stream().anyMatch(String::isBlank)) {
                        throw new IOException(file + " line 1 must name every column: it is the CSV file's header");
                    }
                    if (header.stream().distinct().count() < header.size()) {
                        throw new IOException(file + " line 1 names a column twice");
                    }
                    header.forEach(table::addColumn);
                    continue;
                }
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue;
                }
                if (record.size() != header.size()) {
                    throw new IOException(file + " record " + line + " has " + record.size() + " fields where the"
                            + " header names " + header.size());
                }
                for (int i = 0; i < record.size(); i++) {
                    table.add(header.get(i), parse(record.get(i)));
                }
                table.countRows(1);
            }
            if (header == null) {
                throw new IOException(file + " is empty; a reference CSV needs a header and rows");
            }
        }
        return table;
    }

    /** @return one CSV record's fields, or null at the end */
    private static List<String> record(BufferedReader reader) throws IOException {
        int c = reader.read();
        if (c < 0) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (c < 0) {
                if (quoted) {
                    throw new IOException("a quoted CSV field is not closed before the end of the file");
                }
                break;
            }
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    reader.mark(1);
                    int next = reader.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next >= 0) {
                            reader.reset();
                        }
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (ch == ',') {
                fields.add(wasQuoted ? field.toString() : field.toString().strip());
                field.setLength(0);
                wasQuoted = false;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r') {
                    reader.mark(1);
                    if (reader.read() != '\n') {
                        reader.reset();
                    }
                }
                break;
            } else {
                field.append(ch);
            }
            c = reader.read();
        }
        fields.add(wasQuoted ? field.toString() : field.toString().strip());
        return fields;
    }

    /** A CSV field: empty is missing, a number is a number, the rest is text. */
    private static Object parse(String text) {
        if (text.isEmpty() || text.equalsIgnoreCase("nan") || text.equalsIgnoreCase("null")) {
            return null;
        }
        char first = text.charAt(0);
        if (first == '-' || first == '+' || first == '.' || Character.isDigit(first)) {
            try {
                double number = Double.parseDouble(text);
                return Double.isFinite(number) ? number : null;
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text;
    }

    private static Table jsonLines(Path file) throws IOException {
        Table table = new Table();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row;
                try {
                    row = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IOException(file + " line " + number + " is not JSON: " + e.getMessage(), e);
                }
                if (row == null || !row.isObject()) {
                    throw new IOException(file + " line " + number + " is not a JSON object of column values");
                }
                table.addRow(row);
            }
        }
        return table;
    }

    /** Adds one row given as a JSON object of scalar values; nested values are left out. */
    void addRow(JsonNode row) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = row.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            addColumn(field.getKey());
            add(field.getKey(), value(field.getValue()));
        }
        countRows(1);
    }

    /**
     * Adds a call's input: columns of values ({@code {"ACS": [1.0, 2.0], …}}), one row of scalars
     * ({@code {"ACS": 1.0}}), or a list of such rows.
     *
     * @return whether the input had one of those shapes
     */
    boolean addInput(JsonNode input) {
        if (input == null) {
            return false;
        }
        if (input.isArray()) {
            boolean any = false;
            for (JsonNode row : input) {
                if (row.isObject()) {
                    addRow(row);
                    any = true;
                }
            }
            return any;
        }
        if (!input.isObject() || input.isEmpty()) {
            return false;
        }
        boolean columnar = true;
        int length = 0;
        for (JsonNode value : input) {
            columnar &= value.isArray();
            length = Math.max(length, value.size());
        }
        if (!columnar) {
            addRow(input);
            return true;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = input.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            addColumn(field.getKey());
            for (JsonNode value : field.getValue()) {
                add(field.getKey(), value(value));
            }
        }
        countRows(length);
        return true;
    }

    private static Object value(JsonNode node) {
        if (node.isNumber()) {
            double number = node.doubleValue();
            return Double.isFinite(number) ? number : null;
        }
        if (node.isTextual()) {
            return node.textValue().isEmpty() ? null : node.textValue();
        }
        if (node.isBoolean()) {
            return Boolean.toString(node.booleanValue());
        }
        return null;
    }
}
