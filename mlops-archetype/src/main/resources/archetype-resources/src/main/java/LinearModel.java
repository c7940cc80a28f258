package ${package};

import dev.mlops.api.ModelException;
import dev.mlops.api.PredictionModel;
import dev.mlops.api.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Predicts AC from the well logs ACS, RDEP and DEN: {@code AC = w0 + w1*ACS + w2*RDEP + w3*DEN}, with the weights
 * read from {@code coefficients.txt} in the model artifact.
 */
public class LinearModel implements PredictionModel<Map<String, List<Double>>, double[]> {

    static final List<String> INPUTS = List.of("ACS", "RDEP", "DEN");

    @Override
    public double[] initialization(Path artifactFolder, Secrets secrets) throws ModelException {
        Path file = artifactFolder.resolve("coefficients.txt");
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
        for (int row = 0; row < rows; row++) {
            double value = weights[0];
            for (int i = 0; i < INPUTS.size(); i++) {
                value += weights[i + 1] * data.get(INPUTS.get(i)).get(row);
            }
            predictions.add(value);
        }
        return Map.of("AC", predictions);
    }
}
