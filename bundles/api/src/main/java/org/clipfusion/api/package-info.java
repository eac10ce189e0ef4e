/**
 * What the platform speaks to plants: inspection images, anomaly maps, detection results with provenance, and the
 * {@link org.clipfusion.api.Detector} service. Types here are immutable values, safe to share between threads.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.clipfusion.api;
