package dev.mlops.core.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.bundle.BuiltBundle;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.client.FunctionAnswer;
import dev.mlops.core.client.FunctionFilter;
import dev.mlops.core.client.FunctionStatus;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.DeploymentRecord;
import dev.mlops.core.platform.PlatformException;
import dev.mlops.core.platform.Replacement;
import dev.mlops.core.registry.ArtifactVersion;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A platform in memory for the deployment steps' tests: deployments are descriptors, aliases a map, every function
 * ready and answering {@code ok} unless its id is marked broken, and every change logged in {@link #changes}.
 */
final class FakePlatform implements DeploymentPlatform {

    final Map<ExternalId, BundleDescriptor> deployed = new LinkedHashMap<>();
    final Map<Alias, ExternalId> aliases = new LinkedHashMap<>();
    final List<DeploymentRecord> ledger = new ArrayList<>();
    final List<String> changes = new ArrayList<>();
    /** Ids (versions or aliases) whose calls fail. */
    final Set<String> broken = new HashSet<>();
    /** Ids (versions or aliases) reported as failed to load. */
    final Set<String> failing = new HashSet<>();

    @Override
    public String name() {
        return "fake";
    }

    /** Puts a deployment in place, as an earlier run would have. */
    void place(BundleDescriptor descriptor) {
        deployed.put((ExternalId) FunctionId.parse(descriptor.externalId()).orElseThrow(), descriptor);
    }

    @Override
    public Replacement deploy(BuiltBundle bundle) {
        Optional<BundleDescriptor> before = Optional.ofNullable(deployed.put(bundle.id(), bundle.descriptor()));
        changes.add("deploy " + bundle.id());
        return new Replacement() {
            @Override
            public void restore() {
                changes.add("restore " + bundle.id());
                before.ifPresentOrElse(d -> deployed.put(bundle.id(), d), () -> deployed.remove(bundle.id()));
            }

            @Override
            public void keep() {
            }
        };
    }

    @Override
    public Optional<ExternalId> target(Alias alias) {
        return Optional.ofNullable(aliases.get(alias));
    }

    @Override
    public void point(Alias alias, ExternalId target) {
        changes.add("point " + alias + " " + target);
        aliases.put(alias, target);
    }

    @Override
    public void remove(FunctionId id) {
        changes.add("remove " + id);
        if (id instanceof ExternalId versioned) {
            deployed.remove(versioned);
        } else {
            aliases.remove((Alias) id);
        }
    }

    @Override
    public List<BundleDescriptor> versions(Alias alias) {
        return deployed.entrySet().stream().filter(e -> e.getKey().alias().equals(alias))
                .sorted((a, b) -> Integer.compare(a.getKey().version(), b.getKey().version()))
                .map(Map.Entry::getValue).toList();
    }

    @Override
    public Optional<BundleDescriptor> deployed(FunctionId id) {
        ExternalId versioned = id instanceof ExternalId e ? e : aliases.get((Alias) id);
        return versioned == null ? Optional.empty() : Optional.ofNullable(deployed.get(versioned));
    }

    @Override
    public Optional<FunctionStatus> status(FunctionId id) {
        return deployed(id).map(d -> new FunctionStatus(id, (ExternalId) FunctionId.parse(d.externalId())
                .orElseThrow(), d.modelId(), !failing.contains(id.toString()), failing.contains(id.toString()) ? Optional.of("cannot load")
                : Optional.empty(), d.createdTime(), d.artifactSha256()));
    }

    @Override
    public List<FunctionStatus> functions(FunctionFilter filter) {
        List<FunctionStatus> all = new ArrayList<>();
        for (ExternalId id : deployed.keySet()) {
            status(id).ifPresent(all::add);
        }
        return all;
    }

    @Override
    public FunctionAnswer call(FunctionId id, JsonNode data, boolean toFile, Duration timeout)
            throws PlatformException {
        Optional<BundleDescriptor> descriptor = deployed(id);
        ObjectNode body = Json.DATA.createObjectNode();
        if (descriptor.isEmpty()) {
            return new FunctionAnswer(404, body.put("status", "error").put("error_message", "not deployed"));
        }
        if (broken.contains(id.toString())) {
            return new FunctionAnswer(500, body.put("status", "error").put("error_message", "broken"));
        }
        return new FunctionAnswer(200, body.put("status", "ok").put("model_id", descriptor.get().modelId()));
    }

    @Override
    public Optional<URI> endpoint() {
        return Optional.of(URI.create("http://fake"));
    }

    @Override
    public void record(DeploymentRecord record) {
        changes.add("record " + record.action() + " " + record.alias() + " " + record.target());
        ledger.add(record);
    }

    @Override
    public List<DeploymentRecord> records(Alias alias) {
        return ledger.stream().filter(r -> r.alias().equals(alias.toString())).toList();
    }

    @Override
    public List<String> deploymentsOf(ArtifactVersion version) {
        return List.of();
    }
}
