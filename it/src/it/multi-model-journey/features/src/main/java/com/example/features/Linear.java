package com.example.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What both models share: weights read from an artifact, columns read from a request, a linear combination. */
public final class Linear {

    private Linear() {
    }

    /** The whitespace-separated numbers of a file: intercept first, then one weight per column. */
    public static double[] weights(Path file) throws IOException {
        String[] parts = Files.readString(file).trim().split("\\s+");
        double[] weights = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            weights[i] = Double.parseDouble(parts[i]);
        }
        return weights;
    }

    /** {@code w0 + w1 * columns[0][row] + ...} for each row, rounded to two decimals. */
    public static double[] apply(double[] weights, Map<String, List<Double>> data, String... columns) {
        int rows = data.get(columns[0]).size();
        double[] result = new double[rows];
        for (int row = 0; row < rows; row++) {
            double value = weights[0];
            for (int c = 0; c < columns.length; c++) {
                List<Double> column = data.get(columns[c]);
                if (column.size() != rows) {
                    throw new IllegalArgumentException(columns[c] + " has " + column.size() + " rows, "
                            + columns[0] + " has " + rows);
                }
                value += weights[c + 1] * column.get(row);
            }
            result[row] = Math.round(value * 100) / 100.0;
        }
        return result;
    }
}
