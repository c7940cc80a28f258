package com.example;

import dev.mlops.api.ModelException;
import dev.mlops.api.PredictionModel;
import dev.mlops.api.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public class Linear implements PredictionModel<Map<String, List<Double>>, double[]> {
    @Override
    public double[] initialization(Path artifactFolder, Secrets secrets) throws ModelException {
        try {
            String[] parts = Files.readString(artifactFolder.resolve("coefficients.txt")).trim().split(" ");
            double[] weights = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                weights[i] = Double.parseDouble(parts[i]);
            }
            return weights;
        } catch (IOException e) {
            throw new ModelException("cannot read coefficients.txt", e);
        }
    }

    @Override
    public Object predict(Map<String, List<Double>> data, double[] w, Secrets secrets) {
        List<Double> ac = new ArrayList<>();
        for (int row = 0; row < data.get("ACS").size(); row++) {
            ac.add(w[0] + w[1] * data.get("ACS").get(row) + w[2] * data.get("RDEP").get(row)
                    + w[3] * data.get("DEN").get(row));
        }
        return Map.of("AC", ac);
    }
}
