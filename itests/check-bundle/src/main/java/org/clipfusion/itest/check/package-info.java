/** A service the integration tests call to prove that a DS component can compute with SameDiff inside Karaf. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.itest.check;
