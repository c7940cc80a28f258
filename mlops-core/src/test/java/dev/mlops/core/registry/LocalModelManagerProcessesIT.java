package dev.mlops.core.registry;

/**
 * The contract's tests tagged {@code integration} (uploaders in other JVMs, one killed mid-upload) on a local folder;
 * failsafe runs only those.
 */
class LocalModelManagerProcessesIT extends LocalModelManagerTest {
}
