/**
 * Administration of the detection engine, for the shell and for plant software: the configured categories and
 * fitting a category on its normal reference images. Inspection itself is {@link org.clipfusion.api.Detector}.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.clipfusion.engine;
