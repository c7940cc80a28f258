package com.example;

import dev.mlops.api.ModelException;
import dev.mlops.api.PredictionModel;
import dev.mlops.api.Secrets;
import java.nio.file.Path;
import java.util.Map;

public class Model1 implements PredictionModel<Map<String, Object>, Double> {
    @Override
    public Double initialization(Path artifactFolder, Secrets secrets) {
        return 2.0;
    }

    @Override
    public Object predict(Map<String, Object> data, Double factor, Secrets secrets) throws ModelException {
        return factor;
    }
}
