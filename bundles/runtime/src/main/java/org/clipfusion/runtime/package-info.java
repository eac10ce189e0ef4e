/**
 * The compute runtime: ND4J/SameDiff with its native libraries, loaded once for the whole platform. Components that
 * use ND4J reference {@link org.clipfusion.runtime.ComputeRuntime}, which exists only once ND4J is usable.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.runtime;
