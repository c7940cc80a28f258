// Runs after generation: keeps the files of the flavour asked for (-Dflavor=java, the default, or -Dflavor=onnx).
// java: the model class, its test and the trained coefficients; onnx: the exported graph, and no code at all.
def project = new File(request.outputDirectory, request.artifactId)
def flavor = request.properties.getProperty('flavor', 'java')
def platform = request.properties.getProperty('platform', 'local')
def store = request.properties.getProperty('store', 'local')
// The archetype plugin checks a property's pattern only when it prompts for it: under -B, here.
def refuse = { String message ->
    project.deleteDir()
    throw new IllegalArgumentException(message)
}
if (!(platform ==~ /local|kubernetes/)) {
    refuse("-Dplatform=${platform} is not a platform: local (the function host on the deploying machine) or kubernetes")
}
if (!(store ==~ /local|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9!_.*'()\/-]*)?/)) {
    refuse("-Dstore=${store} is not a store: local (MLOPS_HOME's folder) or the team's bucket, s3://bucket/prefix")
}
def schedule = request.properties.getProperty('trainingSchedule', 'none').trim()
if (schedule != 'none' && schedule.split(/\s+/).length != 5) {
    refuse("-DtrainingSchedule=${schedule} is not a schedule: none, or cron's five fields in UTC, such as '0 3 * * 1'")
}
if (schedule != 'none' && flavor == 'onnx') {
    refuse('-DtrainingSchedule is for a model that trains, and an ONNX model is trained where it is exported: ' +
            'leave it out with -Dflavor=onnx')
}
if (platform == 'kubernetes' && !store.startsWith('s3://')) {
    refuse('-Dplatform=kubernetes needs the team\'s S3 store, which the cluster\'s pods fetch their bundles from: ' +
            'add -Dstore=s3://bucket/prefix')
}
// The workflow of the mode asked for: team mode (an S3 store and a Kubernetes cluster) on GitHub-hosted runners,
// local mode on a self-hosted one, with a schedule trigger when training has one. The template's #<local>, #<team>
// and #<schedule> blocks, as mvn mlops:setup renders them.
def mode = platform == 'kubernetes' ? 'team' : 'local'
def workflow = new File(project, '.github/workflows/main.yml')
def kept = []
def inside = null
workflow.text.split('\n', -1).each { line ->
    def marker = line =~ /^#<(\/?)(local|team|schedule)>\s*$/
    if (marker.matches()) {
        inside = marker.group(1) ? null : marker.group(2)
    } else if (inside == null || inside == mode || inside == 'schedule' && schedule != 'none') {
        kept << line.replace('@cron@', schedule)
    }
}
workflow.text = kept.join('\n')
if (flavor == 'onnx') {
    new File(project, 'src/main/java').deleteDir()
    new File(project, 'src/test/java').deleteDir()
    new File(project, 'model_artifact/coefficients.txt').delete()
} else {
    new File(project, 'model_artifact/model.onnx').delete()
}
