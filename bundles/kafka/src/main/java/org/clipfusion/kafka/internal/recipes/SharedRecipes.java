package org.clipfusion.kafka.internal.recipes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.clipfusion.engine.CategoryInfo;
import org.clipfusion.engine.CategoryManager;
import org.clipfusion.kafka.ClusterStatus.RecipeStatus;
import org.clipfusion.kafka.internal.ClusterSettings;
import org.clipfusion.kafka.internal.KafkaClients;
import org.clipfusion.kafka.internal.RecipeSync;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Categories and fits shared over the compacted recipe topic (see {@link RecipeFormat}).
 *
 * <p>Which side wins: each node remembers, per category, the shared digest it was last in step with and the local
 * digest it held then ({@code <data>/clipfusion/kafka/recipes.properties}). A category whose local digest still equals that one has not
 * been changed here, so a newer shared recipe replaces it; one that changed here since (an operator's
 * {@code category-set} or {@code fit}) is published as the next version, and every other node applies it. A node that
 * never was in step (new, or a category it only had from its own {@code etc/}) takes the shared recipe where there is
 * one, and publishes its own where there is none. Two nodes that change one category at the same moment both publish;
 * the later record in the topic is the one every node ends up with. Evaluation categories ({@code eval.*}) are never
 * shared.
 */
public final class SharedRecipes implements RecipeSync {
    private static final Logger LOG = LoggerFactory.getLogger(SharedRecipes.class);
    private static final String EVALUATION_PREFIX = "eval.";
    /** Keys of {@code recipes.properties}: the shared digest, and the local digest held when in step with it. */
    private static final String SHARED = "shared.";
    private static final String HELD = "held.";

    private final ClusterSettings settings;
    private final CategoryManager categories;
    private final CategoryDefinitions definitions;
    private final RecipeApplier applier;
    private final ChunkStore chunks;
    private final BankChecksums checksums = new BankChecksums();
    private final Path syncedFile;
    private final Properties synced = new Properties();
    /** The newest manifest per category in the topic; read by the status from other threads. */
    private final Map<String, RecipeManifest> catalog = new ConcurrentHashMap<>();
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final TopicPartition partition;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;
    private long nextScanNanos;
    private boolean topicChecked;

    private SharedRecipes(ClusterSettings settings, CategoryManager categories, ConfigurationAdmin admin,
                          Path dataDirectory) {
        this.settings = settings;
        this.categories = categories;
        this.definitions = new CategoryDefinitions(admin);
        this.chunks = new ChunkStore(dataDirectory.resolve("kafka").resolve("chunks"));
        this.applier = new RecipeApplier(dataDirectory.resolve("banks"), chunks, definitions, categories);
        this.syncedFile = dataDirectory.resolve("kafka").resolve("recipes.properties");
        this.partition = new TopicPartition(settings.recipeTopic(), 0);
        try (InputStream in = Files.newInputStream(syncedFile)) {
            synced.load(in);
        } catch (IOException e) {
            // first start: in step with nothing yet
        }
    }

    public static RecipeSync create(ClusterSettings settings, CategoryManager categories, ConfigurationAdmin admin) {
        return new SharedRecipes(settings, categories, admin, EngineDataDirectory.of(admin));
    }

    @Override
    public void synchronize() throws Exception {
        ensureTopic();
        readToEnd();
        applyNewer();
        if (System.nanoTime() >= nextScanNanos) {
            publishLocalChanges();
            nextScanNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.recipeScanSeconds());
        }
    }

    @Override
    public List<RecipeStatus> statuses() {
        List<RecipeStatus> statuses = new ArrayList<>();
        for (RecipeManifest manifest : new TreeMap<>(catalog).values()) {
            statuses.add(new RecipeStatus(manifest.category(), manifest.version(), manifest.digest(),
                    manifest.origin(), manifest.publishedAt(), states.getOrDefault(manifest.category(), "PENDING"),
                    categories.category(manifest.category()).map(CategoryInfo::version).orElse("")));
        }
        return statuses;
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /** Creates the recipe topic, compacted with one partition, where the plant has not created it. */
    private void ensureTopic() throws Exception {
        if (topicChecked) {
            return;
        }
        try (Admin admin = KafkaClients.create(() -> Admin.create(KafkaClients.copy(settings.client())))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(settings.recipeTopic())) {
                NewTopic topic = new NewTopic(settings.recipeTopic(), Optional.of(1), Optional.empty())
                        .configs(Map.of("cleanup.policy", "compact"));
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    LOG.info("created the compacted recipe topic {}", settings.recipeTopic());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        topicChecked = true;
    }

    /** Reads the recipe topic up to the end it has now. */
    private void readToEnd() throws IOException {
        if (consumer == null) {
            Properties properties = KafkaClients.copy(settings.client());
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "clipfusion-recipes-" + settings.nodeId());
            properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
            consumer = KafkaClients.create(() -> new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()));
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
        }
        long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
        while (consumer.position(partition, Duration.ofSeconds(30)) < end) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                take(record);
            }
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> record) throws IOException {
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (key.startsWith(RecipeFormat.CHUNK_PREFIX)) {
            String sha = key.substring(RecipeFormat.CHUNK_PREFIX.length());
            if (record.value() == null) {
                return; // a chunk no manifest names any more; ours are removed once applied manifests move on
            }
            if (!chunks.put(sha, record.value())) {
                LOG.error("recipe topic {} offset {}: chunk {} does not match its checksum; ignored",
                        settings.recipeTopic(), record.offset(), sha);
            }
        } else if (key.startsWith(RecipeFormat.RECIPE_PREFIX)) {
            String category = key.substring(RecipeFormat.RECIPE_PREFIX.length());
            if (record.value() == null) {
                catalog.remove(category);
                states.remove(category);
                return;
            }
            try {
                RecipeManifest manifest = RecipeFormat.read(record.value());
                catalog.put(category, manifest);
            } catch (IOException e) {
                LOG.error("recipe topic {} offset {}: recipe of category '{}' cannot be read ({}); ignored",
                        settings.recipeTopic(), record.offset(), category, e.getMessage());
            }
        }
    }

    /** Applies every shared recipe newer than what this node holds, unless it changed the category itself. */
    private void applyNewer() throws IOException, InterruptedException {
        for (RecipeManifest manifest : new ArrayList<>(catalog.values())) {
            String category = manifest.category();
            if (manifest.digest().equals(synced.getProperty(SHARED + category))) {
                states.put(category, "CURRENT");
                continue;
            }
            LocalRecipe local = local(category);
            if (local != null && local.digest().equals(manifest.digest())) {
                markSynced(category, manifest.digest(), local.digest());
                continue;
            }
            if (local != null && changedHere(category, local)) {
                continue; // published by the next scan, as the next version
            }
            if (!applier.complete(manifest)) {
                states.put(category, "PENDING");
                continue;
            }
            try {
                applier.apply(manifest, local);
                LocalRecipe applied = local(category);
                markSynced(category, manifest.digest(), applied != null ? applied.digest() : manifest.digest());
                LOG.info("category '{}': applied shared recipe version {} from node '{}'", category,
                        manifest.label(), manifest.origin());
            } catch (IOException e) {
                states.put(category, "FAILED");
                LOG.error("category '{}': shared recipe version {} cannot be applied: {}", category,
                        manifest.label(), e.getMessage());
            }
        }
    }

    /** Whether the category changed on this node since it was last in step with the cluster. */
    private boolean changedHere(String category, LocalRecipe local) {
        String held = synced.getProperty(HELD + category);
        return held != null && !held.equals(local.digest());
    }

    /** Publishes the categories changed here (or never shared yet) as their next versions. */
    private void publishLocalChanges() throws Exception {
        for (CategoryInfo info : categories.categories()) {
            String category = info.name();
            if (category.startsWith(EVALUATION_PREFIX)) {
                continue;
            }
            LocalRecipe local;
            try {
                local = local(category);
            } catch (IOException e) {
                LOG.debug("category '{}' not scanned: {}", category, e.getMessage());
                continue; // e.g. a fit being written; the next scan sees it whole
            }
            if (local == null || local.digest().equals(synced.getProperty(HELD + category))) {
                continue;
            }
            RecipeManifest shared = catalog.get(category);
            if (shared != null && shared.digest().equals(local.digest())) {
                markSynced(category, shared.digest(), local.digest());
                continue;
            }
            if (shared != null && !synced.containsKey(HELD + category)) {
                continue; // never in step: the shared recipe is taken (applyNewer), not overwritten
            }
            publish(local, shared == null ? 1 : shared.version() + 1, shared);
        }
    }

    private void publish(LocalRecipe local, long version, RecipeManifest previous) throws Exception {
        String category = local.category();
        states.put(category, "PUBLISHING");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        RecipeManifest.Fit fit = null;
        if (local.fitRecord() != null) {
            List<RecipeManifest.BankFile> files = new ArrayList<>();
            for (Map.Entry<String, String> bank : local.banks().entrySet()) {
                Path file = applier.folderOf(category).resolve(bank.getKey());
                byte[] bytes = Files.readAllBytes(file);
                if (!Sha256.of(bytes).equals(bank.getValue())) {
                    LOG.debug("category '{}': {} changed while being read; published at the next scan", category,
                            file);
                    states.put(category, "PENDING");
                    return;
                }
                List<String> chunkIds = new ArrayList<>();
                for (int offset = 0; offset < bytes.length || offset == 0; offset += RecipeFormat.CHUNK_BYTES) {
                    int length = Math.min(RecipeFormat.CHUNK_BYTES, bytes.length - offset);
                    byte[] chunk = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
                    String sha = Sha256.of(chunk);
                    chunkIds.add(sha);
                    chunks.put(sha, chunk);
                    records.add(record(RecipeFormat.CHUNK_PREFIX + sha, chunk));
                    if (bytes.length == 0) {
                        break;
                    }
                }
                files.add(new RecipeManifest.BankFile(bank.getKey(), bank.getValue(), bytes.length, chunkIds));
            }
            fit = new RecipeManifest.Fit(local.fitRecord(), files);
        }
        RecipeManifest manifest = new RecipeManifest(category, version, local.digest(), settings.nodeId(),
                Instant.now(), local.definition(), fit);
        records.add(record(RecipeFormat.RECIPE_PREFIX + category, RecipeFormat.write(manifest)));
        for (String stale : staleChunks(previous, manifest)) {
            records.add(record(RecipeFormat.CHUNK_PREFIX + stale, null));
        }
        KafkaProducer<byte[], byte[]> sender = producer();
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
            sent.add(sender.send(record));
        }
        for (java.util.concurrent.Future<?> future : sent) {
            future.get(60, TimeUnit.SECONDS);
        }
        catalog.put(category, manifest);
        markSynced(category, manifest.digest(), local.digest());
        LOG.info("category '{}': published recipe version {} ({} bank files)", category, manifest.label(),
                fit == null ? 0 : fit.files().size());
    }

    /** Chunks the previous version named that the new one does not. */
    private static Set<String> staleChunks(RecipeManifest previous, RecipeManifest current) {
        Set<String> stale = new HashSet<>();
        if (previous != null && previous.fit() != null) {
            previous.fit().files().forEach(file -> stale.addAll(file.chunks()));
        }
        if (current.fit() != null) {
            current.fit().files().forEach(file -> stale.removeAll(file.chunks()));
        }
        return stale;
    }

    private ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(settings.recipeTopic(), 0, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties properties = KafkaClients.copy(settings.client());
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "clipfusion-recipes-" + settings.nodeId());
            properties.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(1024 * 1024));
            producer = KafkaClients.create(() -> new KafkaProducer<>(properties, new ByteArraySerializer(),
                    new ByteArraySerializer()));
        }
        return producer;
    }

    /** This node's state of the category, or null when it has no configuration for it. */
    private LocalRecipe local(String category) throws IOException {
        Optional<SortedMap<String, Object>> definition = definitions.definition(category);
        if (definition.isEmpty()) {
            return null;
        }
        return LocalRecipe.read(category, definition.get(), applier.folderOf(category), checksums);
    }

    /**
     * Remembers that this node is in step with the shared recipe {@code shared}, holding the local state
     * {@code held} (equal unless applying changed a value's spelling, such as a number's).
     */
    private void markSynced(String category, String shared, String held) throws IOException {
        states.put(category, "CURRENT");
        if (shared.equals(synced.getProperty(SHARED + category)) && held.equals(synced.getProperty(HELD
                + category))) {
            return;
        }
        synced.setProperty(SHARED + category, shared);
        synced.setProperty(HELD + category, held);
        Files.createDirectories(syncedFile.getParent());
        Path temporary = Files.createTempFile(syncedFile.getParent(), "recipes", ".part");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            synced.store(out, "ClipFusion: per category, the recipe digest this node last had in step with its cluster");
        }
        Files.move(temporary, syncedFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

}
