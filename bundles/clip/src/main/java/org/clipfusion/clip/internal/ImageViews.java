package org.clipfusion.clip.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clipfusion.clip.model.OpenClipModel;
import org.clipfusion.clip.model.OpenClipOutputs;
import org.clipfusion.tensor.image.RgbImage;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One image seen by CLIP: the whole-image view (its embedding and patch tokens) and, where asked, its crops, each
 * through the same preprocessing and the image encoder. Unit-length rows, ready for cosine similarities.
 */
final class ImageViews implements AutoCloseable {
    private final INDArray wholeBatch;
    private final float[] wholeEmbedding;
    private final float[][] unitPatchTokens;
    private final List<CropGrid.Crop> crops;
    private final float[][] unitCropEmbeddings;

    private ImageViews(INDArray wholeBatch, float[] wholeEmbedding, float[][] unitPatchTokens,
                       List<CropGrid.Crop> crops, float[][] unitCropEmbeddings) {
        this.wholeBatch = wholeBatch;
        this.wholeEmbedding = wholeEmbedding;
        this.unitPatchTokens = unitPatchTokens;
        this.crops = crops;
        this.unitCropEmbeddings = unitCropEmbeddings;
    }

    static ImageViews encode(OpenClipModel model, ClipPreprocessor preprocessor, RgbImage image,
                             List<CropGrid.Crop> crops, int batchSize) {
        INDArray whole = preprocessor.batch(List.of(image));
        try {
            Map<String, INDArray> outputs = model.imageOutputs(whole, OpenClipOutputs.IMAGE_FEATURES,
                    OpenClipOutputs.PATCH_TOKENS);
            float[] embedding;
            float[][] tokens;
            try (INDArray features = outputs.get(OpenClipOutputs.IMAGE_FEATURES);
                 INDArray patchTokens = outputs.get(OpenClipOutputs.PATCH_TOKENS);
                 INDArray unitFeatures = OpenClipModel.normalize(features);
                 INDArray unitTokens = OpenClipModel.normalize(patchTokens.reshape(patchTokens.size(1), -1))) {
                embedding = unitFeatures.reshape(-1).toFloatVector();
                tokens = unitTokens.toFloatMatrix();
            }
            return new ImageViews(whole, embedding, tokens, List.copyOf(crops),
                    encodeCrops(model, preprocessor, image, crops, batchSize));
        } catch (RuntimeException e) {
            whole.close();
            throw e;
        }
    }

    private static float[][] encodeCrops(OpenClipModel model, ClipPreprocessor preprocessor, RgbImage image,
                                         List<CropGrid.Crop> crops, int batchSize) {
        List<float[]> rows = new ArrayList<>(crops.size());
        for (int start = 0; start < crops.size(); start += batchSize) {
            List<RgbImage> views = new ArrayList<>();
            for (CropGrid.Crop crop : crops.subList(start, Math.min(crops.size(), start + batchSize))) {
                views.add(image.region(crop.x(), crop.y(), crop.size(), crop.size()));
            }
            try (INDArray batch = preprocessor.batch(views); INDArray features = model.encodeImage(batch);
                 INDArray unit = OpenClipModel.normalize(features)) {
                for (float[] row : unit.toFloatMatrix()) {
                    rows.add(row);
                }
            }
        }
        return rows.toArray(new float[0][]);
    }

    /** The preprocessed whole image, [1, 3, S, S]. */
    INDArray wholeBatch() {
        return wholeBatch;
    }

    float[] wholeEmbedding() {
        return wholeEmbedding;
    }

    float[][] unitPatchTokens() {
        return unitPatchTokens;
    }

    List<CropGrid.Crop> crops() {
        return crops;
    }

    float[][] unitCropEmbeddings() {
        return unitCropEmbeddings;
    }

    @Override
    public void close() {
        wholeBatch.close();
    }
}
