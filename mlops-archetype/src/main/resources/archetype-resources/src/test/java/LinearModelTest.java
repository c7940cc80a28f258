package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

        // What the test checks is the fit, not the weights themselves: retrained on new well logs, it still holds.
        List<String> rows;
        try (var in = LinearModel.class.getResourceAsStream(LinearModel.TRAINING_DATA)) {
            rows = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .skip(1).filter(line -> !line.isBlank()).toList();
        }
        assertEquals(rows.size(), metadata.get("training_rows"));
        assertTrue((double) metadata.get("rmse") < 2.0, "the fit is within the logs' noise: rmse "
                + metadata.get("rmse"));
        // The artifact it wrote is what the model serves: its predictions of the logs are as close as the rmse says.
        double[] trained = model.initialization(folder, Secrets.none());
        double squares = 0;
        for (String row : rows) {
            String[] cells = row.split(",");
            Map<String, List<Double>> data = Map.of("ACS", List.of(Double.parseDouble(cells[0])),
                    "RDEP", List.of(Double.parseDouble(cells[1])), "DEN", List.of(Double.parseDouble(cells[2])));
            @SuppressWarnings("unchecked")
            double predicted = ((Map<String, List<Double>>) model.predict(data, trained, Secrets.none())).get("AC")
                    .get(0);
            squares += Math.pow(predicted - Double.parseDouble(cells[3]), 2);
        }
        assertEquals((double) metadata.get("rmse"), Math.sqrt(squares / rows.size()), 0.01);
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
