package org.clipfusion.engine.internal;

import java.nio.file.InvalidPathException;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Objects;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine configuration after checking.
 *
 * @param evaluationGrid side of the square grid maps are resampled to
 * @param smoothingSigma Gaussian sigma on the fused map, in grid pixels (0: no smoothing)
 * @param scorerThreads  threads of the shared scorer executor (resolved: never 0)
 * @param dataDirectory  root of persisted fits
 * @param serviceWait    how long a request waits for a missing scorer or fusion strategy
 * @param outboxWait     how long a request waits for a missing outbox
 * @param minImageSide   the smallest width and height an image may have
 */
record EngineSettings(int evaluationGrid, double smoothingSigma, int scorerThreads, Path dataDirectory,
                      Duration serviceWait, Duration outboxWait, int minImageSide) {
    private static final Logger LOG = LoggerFactory.getLogger(EngineSettings.class);
    static final int DEFAULT_GRID = 256;
    static final double DEFAULT_SIGMA = 4.0;
    static final int DEFAULT_SERVICE_WAIT_SECONDS = 300;
    static final int DEFAULT_OUTBOX_WAIT_SECONDS = 60;
    static final int DEFAULT_MIN_IMAGE_SIDE = 32;

    EngineSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(serviceWait, "serviceWait");
        Objects.requireNonNull(outboxWait, "outboxWait");
    }

    /** Reads the configuration; a bad value is logged in one line and replaced by its default. */
    static EngineSettings from(EngineConfig config) {
        int grid = config.evaluationGrid();
        if (grid < 1) {
            LOG.error("engine configuration: evaluationGrid must be at least 1, got {}; using {}", grid, DEFAULT_GRID);
            grid = DEFAULT_GRID;
        }
        double sigma = config.smoothingSigma();
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            LOG.error("engine configuration: smoothingSigma must be a number >= 0, got {}; using {}", sigma,
                    DEFAULT_SIGMA);
            sigma = DEFAULT_SIGMA;
        }
        int threads = config.scorerThreads();
        if (threads < 0) {
            LOG.error("engine configuration: scorerThreads must be >= 0 (0 = number of cores), got {}; using 0",
                    threads);
            threads = 0;
        }
        if (threads == 0) {
            threads = Runtime.getRuntime().availableProcessors();
        }
        int minSide = config.minImageSide();
        if (minSide < 1) {
            LOG.error("engine configuration: minImageSide must be at least 1, got {}; using {}", minSide,
                    DEFAULT_MIN_IMAGE_SIDE);
            minSide = DEFAULT_MIN_IMAGE_SIDE;
        }
        return new EngineSettings(grid, sigma, threads, dataDirectoryOf(config.dataDirectory()),
                seconds("serviceWaitSeconds", config.serviceWaitSeconds(), DEFAULT_SERVICE_WAIT_SECONDS),
                seconds("outboxWaitSeconds", config.outboxWaitSeconds(), DEFAULT_OUTBOX_WAIT_SECONDS), minSide);
    }

    private static Duration seconds(String name, int configured, int fallback) {
        if (configured < 0) {
            LOG.error("engine configuration: {} must be >= 0, got {}; using {}", name, configured, fallback);
            return Duration.ofSeconds(fallback);
        }
        return Duration.ofSeconds(configured);
    }

    /**
     * @throws DetectionException naming the image and its size when it is below {@link #minImageSide}
     */
    void requireUsableSize(InspectionImage image) throws DetectionException {
        if (image.width() < minImageSide || image.height() < minImageSide) {
            throw new DetectionException("image '" + image.id() + "' is " + image.width() + "x" + image.height()
                    + " pixels, below the minimum of " + minImageSide + "x" + minImageSide
                    + " (minImageSide in etc/org.clipfusion.engine.cfg)");
        }
    }

    /** The configured directory, else {@code ${karaf.data}/clipfusion}, else {@code ${java.io.tmpdir}/clipfusion}. */
    static Path dataDirectoryOf(String configured) {
        if (configured != null && !configured.isBlank()) {
            try {
                return Path.of(configured.trim());
            } catch (InvalidPathException e) {
                LOG.error("engine configuration: dataDirectory '{}' is not a valid path ({}); using the default",
                        configured, e.getMessage());
            }
        }
        String karafData = System.getProperty("karaf.data");
        String root = karafData != null && !karafData.isBlank() ? karafData : System.getProperty("java.io.tmpdir");
        return Path.of(root, "clipfusion");
    }
}
