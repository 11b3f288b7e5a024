"""The extraction steps, one module each: every module here registers its step with
``@extraction_step`` (``greatgame.extract.registry``); ``data/steps.yaml`` orders them."""
