def log = new File(basedir, 'build.log').text
assert log =~ /uploaded .*model_artifact as model1\/dev\/1 \(2 files, 14 bytes, sha256 [0-9a-f]{64}\)/
assert log =~ /uploaded .*model_artifact as model1\/test\/1 \(2 files/
assert log.contains('model1/test/1 already holds that content; the promotion and its metadata were added to model1/test/1\'s history (mvn mlops:versions -Dmodel=model1 -Denv=test -Dversion=1 shows it)')
assert log.contains('promoted model1/test/1 to model1/prod/1')
assert log =~ /MODEL +ENV +VERSION +CREATED +BYTES +FILES +SHA256 +FROM +METADATA/
assert log =~ /model1 +dev +1 .* upload +data=wells_2026 git_commit=|model1 +dev +1 .* upload +data=wells_2026 rmse=0.3/
assert log =~ /model1 +prod +1 .* model1\/test\/1/
assert log.contains('"promoted_from" : "model1/test/1"')
assert log.contains('downloaded model1/prod/1 into ' + new File(basedir, 'target/downloaded').canonicalPath + ' (2 files verified)')
assert new File(basedir, 'target/downloaded/coefficients.txt').text == new File(basedir, 'model_artifact/coefficients.txt').text
assert new File(basedir, 'target/downloaded/nested/notes.txt').isFile()
assert log.contains('to delete: model1/dev/1 (2 files, 14 bytes, created ')
assert log.contains('deleted model1/dev/1')
// After the delete no version carries rmse=0.3: only the deleted dev version was uploaded with it.
def afterDelete = log.substring(log.indexOf('deleted model1/dev/1'))
assert afterDelete =~ /no versions in .*home.store \(dataset mlops\)/
// the metadata of the promotion whose content test/1 held already is in test/1's history
assert log =~ /model1\/test\/1 promoted again from model1\/dev\/1 by \S+ at \d{4}-\d\d-\d\dT\S+Z, metadata \{data=wells_2026, (git_commit=[0-9a-f]+, )?rmse=0.3\}/
