"""The workflow plug-ins: each module's ``install(context)`` adds its menus, windows and screenshot views.

``desktop/app.py`` installs them with a :class:`desktop.workflow.WorkflowContext`; none of them imports the
main window, and the main window imports none of them.
"""
