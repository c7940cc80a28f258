package dev.mlops.core.deployment;

import dev.mlops.core.deployment.DeploymentException.Fix;
import dev.mlops.core.settings.HelperModel;
import dev.mlops.core.settings.ModelSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order models of one settings file deploy in: every helper before the models that use it, otherwise the file's
 * order. Helpers that the file does not hold are deployed elsewhere and impose no order.
 */
final class HelperOrder {

    private HelperOrder() {
    }

    /**
     * @throws DeploymentException naming the models of a cycle ({@code a uses b, b uses a})
     */
    static List<ModelSettings> order(List<ModelSettings> models) throws DeploymentException {
        Map<String, ModelSettings> byName = new LinkedHashMap<>();
        models.forEach(m -> byName.put(m.modelName(), m));
        List<ModelSettings> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (ModelSettings model : models) {
            visit(model, byName, done, new ArrayList<>(), ordered);
        }
        return ordered;
    }

    private static void visit(ModelSettings model, Map<String, ModelSettings> byName, Set<String> done,
                              List<String> path, List<ModelSettings> ordered) throws DeploymentException {
        if (done.contains(model.modelName())) {
            return;
        }
        if (path.contains(model.modelName())) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(model.modelName()), path.size()));
            cycle.add(model.modelName());
            throw new DeploymentException("", "helper_models form a cycle: " + String.join(" uses ", cycle)
                    + "; a model cannot need itself, so none of them was deployed", Fix.NONE);
        }
        path.add(model.modelName());
        for (HelperModel helper : model.helperModels()) {
            ModelSettings inFile = byName.get(helper.modelName());
            if (inFile != null) {
                visit(inFile, byName, done, path, ordered);
            }
        }
        path.remove(path.size() - 1);
        done.add(model.modelName());
        ordered.add(model);
    }
}
