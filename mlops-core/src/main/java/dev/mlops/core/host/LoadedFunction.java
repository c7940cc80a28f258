package dev.mlops.core.host;

import dev.mlops.core.files.Folders;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.mlops.api.ModelException;
import dev.mlops.api.PredictionModel;
import dev.mlops.api.Secrets;
import dev.mlops.core.monitoring.LogTarget;
import dev.mlops.api.TrainingModel;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.bundle.ExtractedBundle;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.files.FolderTree;
import dev.mlops.core.json.Json;
import dev.mlops.core.model.ModelClassLoader;
import dev.mlops.core.onnx.OnnxException;
import dev.mlops.core.onnx.OnnxModel;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One bundle, loaded: its model instance in a class loader of its own, the state {@code initialization} returned,
 * and a JSON mapper of its own (so that unloading leaves no cached type of the model's behind). A function whose
 * model failed to load stays listed and answers every call with the reason.
 *
 * <p>Calls in flight hold the function; a replaced or removed function closes its class loader once the last of
 * them has finished.
 */
final class LoadedFunction {

    private static final System.Logger LOG = System.getLogger(LoadedFunction.class.getName());

    private final BundleDescriptor descriptor;
    private final Path workFolder;
    private final ModelClassLoader loader;
    private final ObjectMapper mapper;
    private final ObjectReader reader;
    private final Object model;
    private final boolean prediction;
    private final Object state;
    private final Secrets secrets;
    private final List<String> secretValues;
    private final LogTarget logTarget;
    private final String failure;
    private final List<String> requiredInput;
    private final HostMetrics.FunctionMeters meters;
    private final Runnable onClose;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean retired = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private LoadedFunction(BundleDescriptor descriptor, Path workFolder, ModelClassLoader loader, ObjectMapper mapper,
                           ObjectReader reader, Object model, Object state, Secrets secrets, String failure,
                           HostMetrics.FunctionMeters meters, Runnable onClose) {
        this.descriptor = descriptor;
        this.workFolder = workFolder;
        this.loader = loader;
        this.mapper = mapper;
        this.reader = reader;
        this.model = model;
        this.prediction = descriptor.service().equals(Service.PREDICTION.id());
        this.state = state;
        this.secrets = secrets;
        this.secretValues = secrets.names().stream().map(secrets::get).flatMap(Optional::stream).toList();
        BundleDescriptor.Monitoring monitoring = descriptor.monitoring();
        this.logTarget = monitoring == null || !(monitoring.sampleRate() > 0) ? null
                : new LogTarget(monitoring.store(), monitoring.dataset(), descriptor.model(), descriptor.env(),
                descriptor.version(), Math.min(1, monitoring.sampleRate()));
        this.failure = failure;
        List<String> required = new ArrayList<>(descriptor.requiredInput());
        if (model instanceof OnnxModel onnx) {
            onnx.mapping().columns().stream().filter(column -> !required.contains(column)).forEach(required::add);
        }
        this.requiredInput = List.copyOf(required);
        this.meters = meters;
        this.onClose = onClose;
    }

    /**
     * Unpacks and loads a bundle. Problems of the model (a missing class, an {@code initialization} that throws)
     * give a function that reports them; only a file that is no bundle at all is an exception.
     *
     * @param environment where secret values come from, by name
     */
    static LoadedFunction load(Path bundleFile, Path workFolder, UnaryOperator<String> environment,
                               HostMetrics metrics) throws BundleException {
        ExtractedBundle bundle = ExtractedBundle.extract(bundleFile, workFolder);
        BundleDescriptor descriptor = bundle.descriptor();
        Map<String, String> secretValues = new HashMap<>();
        for (String name : descriptor.secrets()) {
            String value = environment.apply(name);
            if (value != null) {
                secretValues.put(name, value);
            }
        }
        Secrets secrets = Secrets.of(secretValues);
        ModelClassLoader loader = new ModelClassLoader("function " + descriptor.externalId(), bundle.classPath());
        ObjectMapper mapper = HostJson.REQUESTS.copy();
        mapper.setTypeFactory(TypeFactory.defaultInstance().withClassLoader(loader));
        Object model = null;
        Object state = null;
        ObjectReader reader = null;
        String failure = null;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            if (descriptor.onnx()) {
                OnnxModel onnx = OnnxModel.open(bundle.artifactFolder().resolve(descriptor.onnxFile()),
                        descriptor.inputColumns(), descriptor.outputNames(),
                        Math.max(1, descriptor.onnxThreads()));
                model = onnx;
                SimpleModule binding = new SimpleModule("onnx-columns");
                binding.addDeserializer(Map.class, new OnnxColumns(onnx.mapping()));
                reader = mapper.copy().registerModule(binding).readerFor(Map.class);
                return finish(descriptor, workFolder, loader, mapper, reader, model, null, secrets, null, metrics);
            }
            Class<?> type = Class.forName(descriptor.modelClass(), true, loader);
            model = type.getConstructor().newInstance();
            if (descriptor.service().equals(Service.PREDICTION.id())) {
                if (!(model instanceof PredictionModel<?, ?> prediction)) {
                    throw new IllegalStateException(descriptor.modelClass() + " does not implement "
                            + PredictionModel.class.getName());
                }
                reader = mapper.readerFor(mapper.getTypeFactory().constructType(InputType.of(type)));
                state = prediction.initialization(bundle.artifactFolder(), secrets);
            } else if (!(model instanceof TrainingModel)) {
                throw new IllegalStateException(descriptor.modelClass() + " does not implement "
                        + TrainingModel.class.getName());
            }
        } catch (OnnxException e) {
            failure = "cannot load the ONNX model: " + ErrorText.withoutPaths(e.getMessage());
        } catch (ModelException e) {
            failure = "initialization failed: " + ErrorText.withoutPaths(e.getMessage());
        } catch (InvocationTargetException e) {
            failure = "the model's constructor failed: " + ErrorText.describe(e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            failure = "cannot load " + descriptor.modelClass() + ": " + ErrorText.describe(e);
        } catch (Throwable e) {
            // Anything else the model's initialization throws, an Error or a checked exception thrown sneakily.
            LOG.log(System.Logger.Level.WARNING, descriptor.externalId() + ": initialization failed", e);
            failure = "initialization failed: " + ErrorText.describe(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return finish(descriptor, workFolder, loader, mapper, reader, model, state, secrets, failure, metrics);
    }

    private static LoadedFunction finish(BundleDescriptor descriptor, Path workFolder, ModelClassLoader loader,
                                         ObjectMapper mapper, ObjectReader reader, Object model, Object state,
                                         Secrets secrets, String failure, HostMetrics metrics) {
        HostMetrics.FunctionMeters meters = metrics.register(descriptor);
        return new LoadedFunction(descriptor, workFolder, loader, mapper, reader, model, state, secrets, failure, meters,
                () -> metrics.release(meters));
    }

    /**
     * @param expectedId the name of a bundle file that cannot be served, without its extension
     * @param reason     why
     * @return a function that is listed as failed and answers every call with the reason, or empty when the name is
     *         no external id (nothing could call it)
     */
    static Optional<LoadedFunction> rejected(String expectedId, String reason, HostMetrics metrics) {
        Optional<ExternalId> id = FunctionId.parse(expectedId).filter(ExternalId.class::isInstance)
                .map(ExternalId.class::cast);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        ExternalId externalId = id.get();
        BundleDescriptor descriptor = new BundleDescriptor(expectedId, externalId.model(), "cannot be loaded", "",
                Map.of(), externalId.model(), externalId.service().id(), externalId.environment().id(),
                externalId.version(), externalId.modelId(), "", "java", "", List.of(), Map.of(), 0, 0, "", "", "", "",
                List.of(), List.of(), List.of(), List.of(), null);
        HostMetrics.FunctionMeters meters = metrics.register(descriptor);
        return Optional.of(new LoadedFunction(descriptor, null, null, null, null, null, null, Secrets.of(Map.of()),
                reason, meters, () -> metrics.release(meters)));
    }

    BundleDescriptor descriptor() {
        return descriptor;
    }

    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    HostMetrics.FunctionMeters meters() {
        return meters;
    }

    /**
     * @return false when the function was closed meanwhile; the caller then looks it up again
     */
    boolean acquire() {
        inFlight.incrementAndGet();
        if (closed.get()) {
            release();
            return false;
        }
        return true;
    }

    void release() {
        if (inFlight.decrementAndGet() == 0 && retired.get()) {
            close();
        }
    }

    /** No new calls reach this function; close it when the calls in flight are done. */
    void retire() {
        retired.set(true);
        if (inFlight.get() == 0) {
            close();
        }
    }

    private void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onClose.run();
        if (model instanceof OnnxModel onnx) {
            onnx.close();
        }
        if (loader == null) {
            return;
        }
        try {
            loader.close();
            Folders.delete(workFolder);
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot clean up " + workFolder + ": " + e.getMessage());
        }
    }

    /**
     * Answers a call with the envelope: {@code prediction} (or {@code prediction_file}) and {@code model_id}, or
     * {@code training}, or {@code error_message}. Runs on a call thread, which the host interrupts on time-out.
     *
     * @param request the request's {@code data} and {@code to_file}
     */
    CallResult call(CallRequest request, PredictionFiles files) {
        try {
            Object result = invoke(request, files);
            if (!prediction) {
                return Envelope.training(result);
            }
            if (request.toFile()) {
                return Envelope.predictionFile(files.store(mapper.writeValueAsBytes(result), "json"),
                        descriptor.modelId());
            }
            return Envelope.prediction(mapper, result, descriptor.modelId());
        } catch (CallFailure e) {
            return Envelope.error(e.status(), e.getMessage());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, descriptor.externalId() + ": cannot store or write a result", e);
            return Envelope.error(500, "the host cannot store or write the result: "
                    + ErrorText.describe(e));
        }
    }

    /**
     * @return the model's prediction, or for a training service the artifact and metadata it produced
     * @throws CallFailure with the status and message the caller gets
     */
    Object invoke(CallRequest data, PredictionFiles files) throws CallFailure {
        if (failure != null) {
            throw new CallFailure(500, descriptor.externalId() + " cannot answer: " + failure);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return prediction ? predict(data) : train(files);
        } catch (ModelException e) {
            throw new CallFailure(500, e.getMessage() == null ? e.getClass().getName()
                    : ErrorText.withoutPaths(e.getMessage()));
        } catch (CallFailure e) {
            throw e;
        } catch (Throwable e) {
            // Whatever the model throws, an Error (OutOfMemoryError, AssertionError) or a checked exception thrown
            // sneakily: the caller gets it at once and the call thread lives on.
            LOG.log(System.Logger.Level.WARNING, descriptor.externalId() + ": the model failed", e);
            throw new CallFailure(500, "the model failed: " + ErrorText.describe(e));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * @return the values of the secrets the function was given, which its prediction log must never show
     */
    List<String> secretValues() {
        return secretValues;
    }

    /**
     * @return where a sample of the function's calls is logged; null when none is
     */
    LogTarget logTarget() {
        return logTarget;
    }

    /**
     * @return a result as a JSON tree, written with the function's own mapper
     */
    JsonNode toTree(Object result) {
        return mapper.valueToTree(result);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object predict(CallRequest data) throws ModelException, CallFailure {
        Set<String> given = new HashSet<>();
        Object input;
        try {
            input = data.bind(reader, given);
        } catch (CallRequest.NotACall e) {
            throw new CallFailure(400, e.getMessage());
        } catch (StreamConstraintsException e) {
            throw new CallFailure(400, "the request is beyond the host's limits: " + e.getOriginalMessage());
        } catch (InputCoercionException e) {
            JsonParser parser = e.getProcessor();
            String where = parser == null ? "" : CallRequest.path(parser.getParsingContext());
            throw new CallFailure(400, "data does not fit the model's input: " + (where.isEmpty() ? "" : where + ": ")
                    + e.getOriginalMessage());
        } catch (StreamReadException e) {
            throw new CallFailure(400, "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof StreamConstraintsException limit) {
                    throw new CallFailure(400, "the request is beyond the host's limits: "
                            + limit.getOriginalMessage());
                }
            }
            // Binding stopped part-way, so the inputs seen so far say nothing about what is missing.
            Optional<IOException> syntax = data.syntaxError();
            if (syntax.orElse(null) instanceof StreamConstraintsException limit) {
                throw new CallFailure(400, "the request is beyond the host's limits: " + limit.getOriginalMessage());
            }
            // Where the parser stopped says it best, deep inside untyped maps too; the references otherwise.
            String where = e.getProcessor() instanceof JsonParser parser ? CallRequest.path(parser.getParsingContext())
                    : CallRequest.path(data.root(), e.getPath());
            throw new CallFailure(400, syntax.map(error -> "the request body is not valid JSON: "
                    + (error instanceof JsonProcessingException json ? json.getOriginalMessage() : error.getMessage()))
                    .orElse("data does not fit the model's input: " + (where.isEmpty() ? "" : where + ": ")
                            + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new CallFailure(400, "cannot read the request: " + e.getMessage());
        }
        if (model instanceof OnnxModel && input instanceof Map<?, ?> columns) {
            // A stacked input given whole fills its columns.
            columns.keySet().forEach(name -> given.add((String) name));
        }
        List<String> missing = missingInput(given);
        if (!missing.isEmpty()) {
            throw new CallFailure(400, missingMessage(missing));
        }
        if (model instanceof OnnxModel onnx) {
            try {
                return onnx.predict((Map<String, Object>) input);
            } catch (OnnxException e) {
                // A cause is ONNX Runtime's own failure; without one, the request does not fit the model.
                throw new CallFailure(e.getCause() == null ? 400 : 500, ErrorText.withoutPaths(e.getMessage()));
            }
        }
        return ((PredictionModel) model).predict(input, state, secrets);
    }

    /** @return what {@code GET /v2/models/{name}} answers: an ONNX model's real graph, a Java model's inputs */
    ObjectNode metadata() {
        return model instanceof OnnxModel onnx ? OpenInference.metadata(descriptor, onnx.inputs(), onnx.outputs())
                : OpenInference.metadata(descriptor);
    }

    private List<String> missingInput(Set<String> given) {
        return requiredInput.stream().filter(name -> !given.contains(name)).toList();
    }

    private String missingMessage(List<String> missing) {
        return "missing required input: " + String.join(", ", missing) + " (metadata.required_input of "
                + descriptor.model() + ")";
    }

    private Map<String, Object> train(PredictionFiles files) throws ModelException, CallFailure {
        try {
            return trainInto(files);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, descriptor.externalId() + ": cannot store a trained artifact", e);
            throw new CallFailure(500, "the host cannot store the trained artifact: " + ErrorText.describe(e));
        }
    }

    private Map<String, Object> trainInto(PredictionFiles files) throws ModelException, IOException {
        Path folder = files.newTemporaryFolder();
        try {
            Map<String, Object> metadata = ((TrainingModel) model).train(folder, secrets);
            FolderTree tree = FolderTree.of(folder);
            Path zip = Files.createTempFile(folder.getParent(), ".artifact-", ".zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                for (FolderTree.Entry file : tree.files()) {
                    out.putNextEntry(new ZipEntry(file.path()));
                    Files.copy(folder.resolve(file.path()), out);
                    out.closeEntry();
                }
            }
            Map<String, Object> artifact = new LinkedHashMap<>();
            artifact.put("sha256", tree.sha256());
            artifact.put("size", tree.size());
            artifact.put("files", tree.files().size());
            artifact.put("artifact_file", files.store(zip, "zip"));
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("artifact", artifact);
            training.put("metadata", metadata == null ? Map.of() : metadata);
            return training;
        } finally {
            Folders.delete(folder);
        }
    }

}
