def log = new File(basedir, 'build.log').text
assert log =~ /trained model1 into .*training.model1-\d+ and uploaded it as model1\/dev\/1 \(1 files, metadata \{data=wells_2026, (git_commit=[0-9a-f]{40}, )?rmse=0\.25\}\)/
assert log =~ /model1 +dev +1 .* upload +data=wells_2026 (git_commit=[0-9a-f]{40} )?rmse=0\.25/
// training goes to dev only; -Denv=test says how a version gets there instead of uploading to dev silently
assert log.contains('mlops:train uploads what it trains to dev; -Denv=test is not where it goes. Promote the version from dev afterwards: mvn mlops:promote -Dmodel=model1')
assert log.count('and uploaded it as model1/dev/') == 1
