/**
 * Building blocks shared by the model bundles: SameDiff layers written around ND4J's known defects (see
 * docs in the runtime) and the blocked nearest-neighbour search of the few-shot memory banks.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.nn;
