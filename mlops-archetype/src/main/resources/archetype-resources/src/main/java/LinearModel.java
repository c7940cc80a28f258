package ${package};

import dev.mlops.api.ModelException;
import dev.mlops.api.PredictionModel;
import dev.mlops.api.Secrets;
import dev.mlops.api.TrainingModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predicts the sonic log AC from the well logs ACS, RDEP and DEN with a linear regression,
 * {@code AC = w0 + w1*ACS + w2*RDEP + w3*DEN}.
 *
 * <p>{@code train} fits the weights by least squares on {@code well_logs.csv} (shipped in the jar) and writes them to
 * {@code coefficients.txt} in the artifact folder; {@code initialization} reads them once per loaded service;
 * {@code predict} applies them to every row of a request, concurrently for many requests, and rounds to two
 * decimals. Replace it with your model: keep the three methods and the settings' {@code model_class}.
 */
public class LinearModel implements PredictionModel<Map<String, List<Double>>, double[]>, TrainingModel {

    static final List<String> INPUTS = List.of("ACS", "RDEP", "DEN");
    static final String OUTPUT = "AC";
    static final String ARTIFACT = "coefficients.txt";
    static final String TRAINING_DATA = "/well_logs.csv";

    @Override
    public Map<String, Object> train(Path artifactFolder, Secrets secrets) throws ModelException {
        List<double[]> rows = readTrainingData();
        double[] weights = leastSquares(rows);
        StringBuilder text = new StringBuilder();
        for (double weight : weights) {
            text.append(text.length() == 0 ? "" : " ").append(weight);
        }
        try {
            Files.writeString(artifactFolder.resolve(ARTIFACT), text.append('\n').toString());
        } catch (IOException e) {
            throw new ModelException("cannot write " + ARTIFACT + ": " + e.getMessage(), e);
        }
        double squares = 0;
        for (double[] row : rows) {
            double error = apply(weights, row) - row[INPUTS.size()];
            squares += error * error;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("training_rows", rows.size());
        metadata.put("rmse", Math.round(Math.sqrt(squares / rows.size()) * 1000) / 1000.0);
        metadata.put("training_data", TRAINING_DATA.substring(1));
        return metadata;
    }

    @Override
    public double[] initialization(Path artifactFolder, Secrets secrets) throws ModelException {
        Path file = artifactFolder.resolve(ARTIFACT);
        try {
            String[] parts = Files.readString(file).trim().split("\\s+");
            if (parts.length != INPUTS.size() + 1) {
                throw new ModelException(file + " must hold " + (INPUTS.size() + 1) + " numbers");
            }
            double[] weights = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                weights[i] = Double.parseDouble(parts[i]);
            }
            return weights;
        } catch (IOException | NumberFormatException e) {
            throw new ModelException("cannot read the coefficients in " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Object predict(Map<String, List<Double>> data, double[] weights, Secrets secrets) throws ModelException {
        int rows = -1;
        for (String input : INPUTS) {
            List<Double> column = data.get(input);
            if (column == null) {
                throw new ModelException("input " + input + " is missing");
            }
            if (rows >= 0 && column.size() != rows) {
                throw new ModelException("inputs " + INPUTS + " must have the same length");
            }
            rows = column.size();
        }
        List<Double> predictions = new ArrayList<>(rows);
        double[] row = new double[INPUTS.size()];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < INPUTS.size(); i++) {
                Double value = data.get(INPUTS.get(i)).get(r);
                if (value == null) {
                    throw new ModelException("input " + INPUTS.get(i) + " has no value in row " + (r + 1));
                }
                row[i] = value;
            }
            predictions.add(Math.round(apply(weights, row) * 100) / 100.0);
        }
        return Map.of(OUTPUT, predictions);
    }

    static double apply(double[] weights, double[] row) {
        double value = weights[0];
        for (int i = 0; i < INPUTS.size(); i++) {
            value += weights[i + 1] * row[i];
        }
        return value;
    }

    /** Rows of ACS, RDEP, DEN and AC, from the CSV in the jar. */
    static List<double[]> readTrainingData() throws ModelException {
        InputStream in = LinearModel.class.getResourceAsStream(TRAINING_DATA);
        if (in == null) {
            throw new ModelException(TRAINING_DATA + " is not on the class path");
        }
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null || !header.trim().equals(String.join(",", INPUTS) + "," + OUTPUT)) {
                throw new ModelException(TRAINING_DATA + " must start with the header "
                        + String.join(",", INPUTS) + "," + OUTPUT);
            }
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                if (cells.length != INPUTS.size() + 1) {
                    throw new ModelException(TRAINING_DATA + " line " + (rows.size() + 2) + " has " + cells.length
                            + " cells, not " + (INPUTS.size() + 1));
                }
                double[] row = new double[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    row[i] = Double.parseDouble(cells[i].trim());
                }
                rows.add(row);
            }
        } catch (IOException | NumberFormatException e) {
            throw new ModelException("cannot read " + TRAINING_DATA + ": " + e.getMessage(), e);
        }
        if (rows.size() <= INPUTS.size() + 1) {
            throw new ModelException(TRAINING_DATA + " has " + rows.size() + " rows; a fit needs more than "
                    + (INPUTS.size() + 1));
        }
        return rows;
    }

    /** Solves the normal equations (X^T X) w = X^T y by Gaussian elimination with partial pivoting. */
    static double[] leastSquares(List<double[]> rows) throws ModelException {
        int n = INPUTS.size() + 1;
        double[][] system = new double[n][n + 1];
        double[] x = new double[n];
        for (double[] row : rows) {
            x[0] = 1;
            System.arraycopy(row, 0, x, 1, n - 1);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    system[i][j] += x[i] * x[j];
                }
                system[i][n] += x[i] * row[n - 1];
            }
        }
        for (int column = 0; column < n; column++) {
            int pivot = column;
            for (int r = column + 1; r < n; r++) {
                if (Math.abs(system[r][column]) > Math.abs(system[pivot][column])) {
                    pivot = r;
                }
            }
            double[] swap = system[column];
            system[column] = system[pivot];
            system[pivot] = swap;
            if (Math.abs(system[column][column]) < 1e-12) {
                throw new ModelException("the training data does not determine the weights (collinear inputs)");
            }
            for (int r = 0; r < n; r++) {
                if (r != column) {
                    double factor = system[r][column] / system[column][column];
                    for (int k = column; k <= n; k++) {
                        system[r][k] -= factor * system[column][k];
                    }
                }
            }
        }
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = system[i][n] / system[i][i];
        }
        return weights;
    }
}
