/** How categories are named in prompts, shared by every scorer that speaks to a text encoder (PatchCLIP, MapDiff). */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.clip.prompt;
