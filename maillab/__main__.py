from maillab.cli import main

raise SystemExit(main())
