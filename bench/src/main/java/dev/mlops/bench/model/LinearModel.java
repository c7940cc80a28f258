package dev.mlops.bench.model;

import dev.mlops.api.ModelException;
import dev.mlops.api.PredictionModel;
import dev.mlops.api.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The benchmark's model: {@code AC = w0 + w1*ACS + w2*RDEP + w3*DEN}, weights from the artifact. */
public class LinearModel implements PredictionModel<LinearModel.Wells, double[]> {

    /** A request's columns. */
    public record Wells(double[] ACS, double[] RDEP, double[] DEN) {
    }

    @Override
    public double[] initialization(Path artifactFolder, Secrets secrets) throws ModelException {
        try {
            String[] parts = Files.readString(artifactFolder.resolve("coefficients.txt")).trim().split("\\s+");
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
    public Object predict(Wells data, double[] w, Secrets secrets) throws ModelException {
        if (data.ACS() == null || data.RDEP() == null || data.DEN() == null
                || data.ACS().length != data.RDEP().length || data.ACS().length != data.DEN().length) {
            throw new ModelException("ACS, RDEP and DEN must be lists of the same length");
        }
        double[] ac = new double[data.ACS().length];
        for (int i = 0; i < ac.length; i++) {
            ac[i] = w[0] + w[1] * data.ACS()[i] + w[2] * data.RDEP()[i] + w[3] * data.DEN()[i];
        }
        return Map.of("AC", ac);
    }
}
