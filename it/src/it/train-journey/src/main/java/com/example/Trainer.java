package com.example;

import dev.mlops.api.ModelException;
import dev.mlops.api.Secrets;
import dev.mlops.api.TrainingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

public class Trainer implements TrainingModel {
    @Override
    public Map<String, Object> train(Path folder, Secrets secrets) throws ModelException {
        try {
            Files.writeString(folder.resolve("coefficients.txt"), "1 2 3 4");
        } catch (IOException e) {
            throw new ModelException("cannot write the coefficients", e);
        }
        return Map.of("rmse", 0.25);
    }
}
