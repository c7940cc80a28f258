// Runs after generation: keeps the files of the flavour asked for (-Dflavor=java, the default, or -Dflavor=onnx).
// java: the model class, its test and the trained coefficients; onnx: the exported graph, and no code at all.
def project = new File(request.outputDirectory, request.artifactId)
def flavor = request.properties.getProperty('flavor', 'java')
if (flavor == 'onnx') {
    new File(project, 'src/main/java').deleteDir()
    new File(project, 'src/test/java').deleteDir()
    new File(project, 'model_artifact/coefficients.txt').delete()
} else {
    new File(project, 'model_artifact/model.onnx').delete()
}
