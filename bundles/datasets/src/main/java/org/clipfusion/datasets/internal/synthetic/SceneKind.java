package org.clipfusion.datasets.internal.synthetic;

import java.util.Random;

/** One kind of synthetic category (a texture or a part), named like the category it makes. */
interface SceneKind {
    String name();

    /**
     * Renders one normal image.
     *
     * @param categorySeed fixes what all images of the category share (texture pattern, part colours)
     * @param variation    gives this image's own pose, lighting and noise
     */
    Scene render(int size, long categorySeed, Random variation);
}
