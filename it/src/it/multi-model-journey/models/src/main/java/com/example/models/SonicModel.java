package com.example.models;

import com.example.features.Linear;
import dev.mlops.api.ModelException;
import dev.mlops.api.PredictionModel;
import dev.mlops.api.Secrets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** AC from ACS, RDEP and DEN. */
public class SonicModel implements PredictionModel<Map<String, List<Double>>, double[]> {
    @Override
    public double[] initialization(Path artifactFolder, Secrets secrets) throws ModelException {
        try {
            return Linear.weights(artifactFolder.resolve("weights.txt"));
        } catch (IOException e) {
            throw new ModelException("cannot read weights.txt", e);
        }
    }

    @Override
    public Object predict(Map<String, List<Double>> data, double[] weights, Secrets secrets) throws ModelException {
        try {
            return Map.of("AC", Linear.apply(weights, data, "ACS", "RDEP", "DEN"));
        } catch (IllegalArgumentException e) {
            throw new ModelException(e.getMessage());
        }
    }
}
