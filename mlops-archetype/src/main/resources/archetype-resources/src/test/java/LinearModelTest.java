package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlops.api.ModelException;
import dev.mlops.api.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearModelTest {

    private final LinearModel model = new LinearModel();

    @TempDir
    Path folder;

    @Test
    void trainingFitsTheWellLogsAndWritesTheArtifactThisRepositoryServes() throws Exception {
        Map<String, Object> metadata = model.train(folder, Secrets.none());

        assertEquals(40, metadata.get("training_rows"));
        assertEquals(0.7, (double) metadata.get("rmse"), 0.3, "the logs were made with noise of 0.8");
        // The weights least squares gives on well_logs.csv (the ones model_artifact/ holds after mvn mlops:train);
        // the test trains into a folder of its own, so that a fresh clone, without model_artifact/, passes too.
        double[] trained = model.initialization(folder, Secrets.none());
        double[] expected = {18.284609876051274, 0.3157167696273683, -0.1147355566585948, 9.829087354788179};
        for (int i = 0; i < trained.length; i++) {
            assertEquals(expected[i], trained[i], 1e-6, "weight " + i);
        }
    }

    @Test
    void predictionAppliesTheWeightsToEveryRow() throws Exception {
        Files.writeString(folder.resolve("coefficients.txt"), "1 2 3 4\n");
        double[] weights = model.initialization(folder, Secrets.none());

        Object prediction = model.predict(Map.of("ACS", List.of(1.0, 0.0), "RDEP", List.of(1.0, 0.0),
                "DEN", List.of(1.0, 0.5)), weights, Secrets.none());

        assertEquals(Map.of("AC", List.of(10.0, 3.0)), prediction);
    }

    @Test
    void aMissingInputOrAColumnOfAnotherLengthIsRefused() throws Exception {
        double[] weights = {1, 2, 3, 4};

        ModelException missing = assertThrows(ModelException.class, () -> model.predict(
                Map.of("ACS", List.of(1.0), "RDEP", List.of(1.0)), weights, Secrets.none()));
        assertEquals("input DEN is missing", missing.getMessage());
        ModelException uneven = assertThrows(ModelException.class, () -> model.predict(
                Map.of("ACS", List.of(1.0), "RDEP", List.of(1.0, 2.0), "DEN", List.of(1.0)), weights,
                Secrets.none()));
        assertEquals("inputs [ACS, RDEP, DEN] must have the same length", uneven.getMessage());
    }
}
