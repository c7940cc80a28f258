package com.example;

import dev.mlops.api.ModelException;
import dev.mlops.api.PredictionModel;
import dev.mlops.api.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers with its artifact's label; in "needs-key" mode it cannot start without the MODEL_API_KEY secret. */
public class Keyed implements PredictionModel<Map<String, Object>, String> {
    @Override
    public String initialization(Path artifactFolder, Secrets secrets) throws ModelException {
        List<String> lines;
        try {
            lines = Files.readAllLines(artifactFolder.resolve("mode.txt"));
        } catch (IOException e) {
            throw new ModelException("cannot read mode.txt", e);
        }
        if (lines.get(0).equals("needs-key")) {
            String key = secrets.require("MODEL_API_KEY");
            if (key.length() < 8) {
                throw new ModelException("MODEL_API_KEY is too short");
            }
        }
        return lines.get(1);
    }

    @Override
    public Object predict(Map<String, Object> data, String label, Secrets secrets) {
        // A LinkedHashMap: Map.of's order changes from one JVM to the next, and the test reads the JSON as text.
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("label", label);
        answer.put("key_set", secrets.get("MODEL_API_KEY").isPresent());
        return answer;
    }
}
