package org.clipfusion.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.spi.CategoryContext;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerException;
import org.clipfusion.api.spi.ScorerOutput;

/** A scorer whose maps and image score the test decides. No model behind it. */
final class TestScorer implements Scorer {
    /** Makes a map from the image and the bank (null in zero-shot). */
    interface MapMaker {
        float[] map(InspectionImage image, TestBank bank);
    }

    /** Makes the image score; null for none. */
    interface ImageScoreMaker {
        Double score(InspectionImage image, TestBank bank);
    }

    final String id;
    final MapRole role;
    final int size;
    private MapMaker mapMaker;
    private ImageScoreMaker imageScoreMaker = (image, bank) -> null;
    private boolean supportsReferences;
    private String weights = "weights-1";
    private volatile String failure;
    private boolean reportsMaxima;
    private Set<MapRole> declaredRoles = Set.of();
    final AtomicInteger fits = new AtomicInteger();
    final AtomicInteger scores = new AtomicInteger();

    /** A scorer of a constant {@code size x size} map holding the image's value. */
    TestScorer(String id, MapRole role, int size) {
        this.id = id;
        this.role = role;
        this.size = size;
        this.mapMaker = (image, bank) -> constant(size, TestImages.valueOf(image));
    }

    static float[] constant(int size, double value) {
        float[] map = new float[size * size];
        Arrays.fill(map, (float) value);
        return map;
    }

    TestScorer maps(MapMaker maker) {
        this.mapMaker = maker;
        return this;
    }

    TestScorer imageScores(ImageScoreMaker maker) {
        this.imageScoreMaker = maker;
        return this;
    }

    /** Few-shot: fits a {@link TestBank}; reads back only banks of the same weights. */
    TestScorer withReferences(String weightsVersion) {
        this.supportsReferences = true;
        this.weights = weightsVersion;
        return this;
    }

    /** Its banks report the largest reference value as the reference maximum of its role. */
    TestScorer withReferenceMaxima() {
        this.reportsMaxima = true;
        return this;
    }

    /** Declares the roles it produces ({@link Scorer#mapRoles()}). */
    TestScorer declaringRoles() {
        this.declaredRoles = Set.of(role);
        return this;
    }

    @Override
    public Set<MapRole> mapRoles() {
        return declaredRoles;
    }

    /** Every later score throws a ScorerException with this message. */
    void failWith(String message) {
        this.failure = message;
    }

    /** The service properties it would be registered with. */
    Map<String, Object> properties(int ranking, long serviceId) {
        return Map.of("clipfusion.id", id, "service.ranking", ranking, "service.id", serviceId);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo(id + "-model", "/models/" + id + ".safetensors", "sha-" + weights));
    }

    @Override
    public ScorerOutput score(InspectionImage image, CategoryContext context, ReferenceBank bank)
            throws ScorerException {
        scores.incrementAndGet();
        if (failure != null) {
            throw new ScorerException(failure + " (image '" + image.id() + "')");
        }
        TestBank own = (TestBank) bank;
        Double imageScore = imageScoreMaker.score(image, own);
        return new ScorerOutput(Map.of(role, new AnomalyMap(size, size, mapMaker.map(image, own), role, id)),
                imageScore == null ? OptionalDouble.empty() : OptionalDouble.of(imageScore));
    }

    @Override
    public boolean supportsReferences() {
        return supportsReferences;
    }

    @Override
    public ReferenceBank fit(CategoryContext context, List<InspectionImage> references) {
        fits.incrementAndGet();
        double[] values = references.stream().mapToDouble(TestImages::valueOf).toArray();
        TestBank bank = new TestBank(id, weights, references.stream().map(InspectionImage::id).toList(), values);
        if (reportsMaxima) {
            bank.maxima = Map.of(role, Arrays.stream(values).max().orElseThrow());
        }
        return bank;
    }

    @Override
    public ReferenceBank readBank(InputStream in) throws IOException {
        TestBank bank = TestBank.readFrom(in);
        if (!bank.weights.equals(weights)) {
            throw new IOException("bank computed with " + bank.weights + ", this scorer runs " + weights);
        }
        return bank;
    }
}
