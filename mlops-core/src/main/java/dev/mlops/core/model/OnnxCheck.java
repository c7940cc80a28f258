package dev.mlops.core.model;

import dev.mlops.core.onnx.OnnxException;
import dev.mlops.core.onnx.OnnxMapping;
import dev.mlops.core.onnx.OnnxModel;
import dev.mlops.core.settings.ModelFormat;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.OnnxSettings;
import dev.mlops.core.settings.Settings;
import dev.mlops.core.settings.SettingsProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks each ONNX model of a settings file against its graph, once the artifact folder exists: the graph opens in
 * ONNX Runtime, its inputs are tensors of a type mlops feeds, {@code input_columns} fits its inputs and
 * {@code output_names} its outputs. Each problem is positioned at the settings field to change.
 */
public final class OnnxCheck {

    private OnnxCheck() {
    }

    /** @return what is wrong and what could not be checked */
    public static ModelClassCheck.Outcome check(Settings settings) {
        List<SettingsProblem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ModelSettings model : settings.models()) {
            if (model.modelFormat() != ModelFormat.ONNX || model.onnx().isEmpty()) {
                continue;
            }
            OnnxSettings onnx = model.onnx().get();
            Path folder = model.artifactFolder().orElse(null);
            if (folder == null || !Files.isDirectory(folder)) {
                notes.add(model.modelName() + ": ONNX model not checked; the artifact folder "
                        + (folder == null ? "" : folder.getFileName() + " ") + "does not exist yet");
                continue;
            }
            List<OnnxMapping.Mismatch> mismatches = new ArrayList<>();
            try (OnnxModel opened = OnnxModel.open(folder.resolve(onnx.file()), onnx.inputColumns(),
                    onnx.outputNames(), 1, mismatches)) {
                if (opened != null) {
                    notes.add(model.modelName() + ": ONNX model " + onnx.file() + " fits the settings; it takes "
                            + String.join(", ", opened.mapping().columns()) + " and gives "
                            + String.join(", ", opened.mapping().outputs().values()));
                }
            } catch (OnnxException e) {
                problems.add(model.locationOf(model.locations().containsKey("onnx_file") ? "onnx_file"
                        : "model_format").problem(e.getMessage()));
            }
            for (OnnxMapping.Mismatch mismatch : mismatches) {
                String field = model.locations().containsKey(mismatch.field()) ? mismatch.field()
                        : model.locations().containsKey("onnx_file") ? "onnx_file" : "model_format";
                problems.add(model.locationOf(field).problem(mismatch.message()));
            }
        }
        return new ModelClassCheck.Outcome(List.copyOf(problems), List.copyOf(notes));
    }
}
