package org.clipfusion.evaluation.internal;

import org.clipfusion.datasets.DatasetSample;

/**
 * A test image that went through the detector: what the later passes need of it.
 *
 * @param sample   the dataset sample
 * @param width    the image's width (and its mask's)
 * @param height   its height
 * @param score    the image score
 * @param mapIndex its map in the run's {@link MapSpill}
 */
record InspectedImage(DatasetSample sample, int width, int height, double score, int mapIndex) {
}
